package io.harnessrouter.api.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiCompatibilityRulesTest {

    private static final String RECORDED = String.join("\n",
            "type a.Dispatcher interface public",
            "  method public abstract a.Result dispatch(a.Request)",
            "  method public default java.lang.String name()",
            "type a.Kind enum public",
            "  super java.lang.Enum",
            "  field public static final a.Kind AUTH",
            "  field public static final a.Kind OTHER",
            "type a.Result record public",
            "  super java.lang.Record",
            "  ctor public (java.lang.String)",
            "  method public java.lang.String text()",
            "  method public static a.Result of(java.lang.String)",
            "type a.Base class public abstract",
            "  ctor protected ()",
            "  method protected abstract java.util.List arguments(a.Request)",
            "  method protected java.lang.String excerpt(java.lang.String, int)",
            "");

    @Test
    void theSameApiIsIdentical() {
        assertTrue(ApiCompatibility.compare(RECORDED, RECORDED).identical());
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', emptyValue = "", value = {
        "field public static final a.Kind AUTH | '' | a.Kind: field AUTH removed",
        "ctor public (java.lang.String) | '' | a.Result: ctor (java.lang.String) removed",
        "method public java.lang.String text() | method public java.lang.Object text()"
                + " | a.Result: method text() type was java.lang.String, is java.lang.Object",
        "method public static a.Result of(java.lang.String) | method public a.Result of(java.lang.String)"
                + " | a.Result: method of(java.lang.String) no longer static",
        "method public default java.lang.String name() | method public abstract java.lang.String name()"
                + " | a.Dispatcher: method name() made abstract",
        "method protected java.lang.String excerpt(java.lang.String, int)"
                + " | method protected final java.lang.String excerpt(java.lang.String, int)"
                + " | a.Base: method excerpt(java.lang.String, int) made final",
        "method public java.lang.String text() | method protected java.lang.String text()"
                + " | a.Result: method text() no longer public",
        "type a.Base class public abstract | type a.Base class public abstract final | a.Base: made final",
        "type a.Dispatcher interface public | type a.Dispatcher class public | a.Dispatcher: was interface, is class",
        "super java.lang.Record | '' | a.Result: no longer a java.lang.Record",
        "type a.Kind enum public | type a.Kind enum protected | a.Kind: no longer public",
    })
    void eachKindOfBreakIsReportedByName(String recordedLine, String replacement, String expected) {
        StringBuilder current = new StringBuilder();
        for (String line : RECORDED.split("\n")) {
            if (!line.strip().equals(recordedLine)) {
                current.append(line).append('\n');
            } else if (!replacement.isEmpty()) {
                current.append(line.startsWith("type ") ? "" : "  ").append(replacement).append('\n');
            }
        }
        ApiCompatibility.Report report = ApiCompatibility.compare(RECORDED, current.toString());
        assertEquals(List.of(expected), report.breaks());
    }

    @Test
    void anAbstractMethodAddedToAnInterfacePluginsImplementIsABreak() {
        String current = RECORDED.replace("  method public default java.lang.String name()\n",
                "  method public default java.lang.String name()\n  method public abstract void close()\n");
        assertEquals(List.of("a.Dispatcher: abstract method close() added; a plugin that extends or implements"
                + " Dispatcher does not have it (give it a default body)"),
                ApiCompatibility.compare(RECORDED, current).breaks());
    }

    @Test
    void additionsAreCompatibleButUnrecorded() {
        String current = RECORDED
                .replace("  field public static final a.Kind OTHER\n",
                        "  field public static final a.Kind FORBIDDEN\n  field public static final a.Kind OTHER\n")
                .replace("  ctor public (java.lang.String)\n", "  ctor public (java.lang.String)\n  ctor public (java.lang.String, java.lang.String)\n")
                .replace("  method public default java.lang.String name()\n",
                        "  method public default java.lang.String name()\n  method public default java.util.Optional nextStep()\n")
                + "type a.NewEvent record public\n  super java.lang.Record\n";
        ApiCompatibility.Report report = ApiCompatibility.compare(RECORDED, current);
        assertTrue(report.compatible(), report.breaks().toString());
        assertEquals(List.of(
                "a.Dispatcher: new method public default java.util.Optional nextStep()",
                "a.Kind: new field public static final a.Kind FORBIDDEN",
                "a.Result: new ctor public (java.lang.String, java.lang.String)",
                "a.NewEvent: new type"), report.unrecorded());
    }

    @Test
    void anAbstractMethodMadeDefaultIsCompatible() {
        String current = RECORDED.replace("method public abstract a.Result dispatch(a.Request)",
                "method public default a.Result dispatch(a.Request)");
        ApiCompatibility.Report report = ApiCompatibility.compare(RECORDED, current);
        assertTrue(report.compatible(), report.breaks().toString());
        assertEquals(1, report.unrecorded().size());
    }
}
