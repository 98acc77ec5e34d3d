package io.harnessrouter.host.doctor;

import io.harnessrouter.api.ProbeReport;
import io.harnessrouter.host.plugins.HarnessInfo;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code doctor} found for one harness: one {@link CommandCheck} per binary it checked (every
 * distinct {@code command} of the config's enabled routes of that harness, else its default).
 *
 * @param harness  the harness checked
 * @param commands one check per command, in config order
 */
public record HarnessCheck(HarnessInfo harness, List<CommandCheck> commands) {

    public HarnessCheck {
        Objects.requireNonNull(harness, "harness");
        commands = List.copyOf(commands);
    }

    /** Ready when every command checked is ({@link ProbeReport#ready()}). */
    public boolean ready() {
        return !commands.isEmpty() && commands.stream().allMatch(CommandCheck::ready);
    }

    /**
     * One {@link io.harnessrouter.api.DoctorProbe#check} call.
     *
     * @param command the binary checked; empty for a harness that runs none (HTTP)
     * @param report  what the probe found; empty when the probe itself failed
     * @param failure why the probe failed (threw, or did not return in time); empty when it reported
     */
    public record CommandCheck(Optional<String> command, Optional<ProbeReport> report, Optional<String> failure) {

        public CommandCheck {
            command = command == null ? Optional.empty() : command;
            report = report == null ? Optional.empty() : report;
            failure = failure == null ? Optional.empty() : failure;
        }

        static CommandCheck of(Optional<String> command, ProbeReport report) {
            return new CommandCheck(command, Optional.of(report), Optional.empty());
        }

        static CommandCheck failed(Optional<String> command, String why) {
            return new CommandCheck(command, Optional.empty(), Optional.of(why));
        }

        public boolean ready() {
            return report.map(ProbeReport::ready).orElse(false);
        }
    }
}
