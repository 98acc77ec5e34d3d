package io.harnessrouter.host.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps {@link DecisionRecord} to and from {@code hr_decisions} rows. The trace is one JSON array
 * of {@code {route, model, tier, status, kind, detail, duration_ms}} objects: it is only ever read
 * whole, and a field a newer build adds is ignored here. Stateless.
 */
final class DecisionRows {
    static final String COLUMNS = "at_ms, request_id, origin, pid, mode, success, chosen_route, reason, duration_ms,"
            + " error, trace";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DecisionRows() {
    }

    static void bind(PreparedStatement ps, DecisionRecord d) throws SQLException {
        ps.setLong(1, d.at().toEpochMilli());
        ps.setString(2, d.requestId());
        ps.setString(3, d.origin());
        ps.setLong(4, d.pid());
        ps.setString(5, d.mode());
        ps.setInt(6, d.success() ? 1 : 0);
        if (d.chosenRoute().isPresent()) {
            ps.setString(7, d.chosenRoute().get());
        } else {
            ps.setNull(7, Types.VARCHAR);
        }
        ps.setString(8, d.reason());
        ps.setLong(9, d.duration().toMillis());
        ps.setString(10, d.error());
        ps.setString(11, trace(d.steps()));
    }

    static DecisionRecord read(ResultSet rs) throws SQLException {
        return new DecisionRecord(Instant.ofEpochMilli(rs.getLong("at_ms")), rs.getString("request_id"),
                rs.getString("origin"), rs.getLong("pid"), rs.getString("mode"), rs.getInt("success") != 0,
                Optional.ofNullable(rs.getString("chosen_route")), rs.getString("reason"),
                Duration.ofMillis(rs.getLong("duration_ms")), rs.getString("error"), steps(rs.getString("trace")));
    }

    static String trace(List<DecisionRecord.Step> steps) {
        ArrayNode array = JSON.createArrayNode();
        for (DecisionRecord.Step s : steps) {
            ObjectNode o = array.addObject();
            o.put("route", s.routeId());
            o.put("model", s.model());
            o.put("tier", s.tier());
            o.put("status", s.status());
            o.put("kind", s.kind());
            o.put("detail", s.detail());
            o.put("duration_ms", s.duration().toMillis());
        }
        try {
            return JSON.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a decision trace", e);
        }
    }

    /** The steps of a stored trace; a trace that is not a JSON array (damaged row) reads as none. */
    static List<DecisionRecord.Step> steps(String trace) {
        JsonNode array;
        try {
            array = JSON.readTree(trace == null ? "[]" : trace);
        } catch (JsonProcessingException e) {
            return List.of();
        }
        List<DecisionRecord.Step> out = new ArrayList<>();
        for (JsonNode o : array.isArray() ? array : JSON.createArrayNode()) {
            out.add(new DecisionRecord.Step(o.path("route").asText(""), o.path("model").asText(""),
                    o.path("tier").asText(""), o.path("status").asText(""), o.path("kind").asText("none"),
                    o.path("detail").asText(""), Duration.ofMillis(o.path("duration_ms").asLong(0))));
        }
        return out;
    }
}
