package io.harnessrouter.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DoctorProbe} found.
 *
 * @param harnessId the harness checked
 * @param installed true when the binary was found and runs ({@code --version} answered)
 * @param path      where the binary is
 * @param version   the version it printed
 * @param auth      whether it is logged in, as far as can be told without calling the model
 * @param detail    one line of what was seen, for the report
 * @param nextSteps what the user should do, in order (install command, login command), empty when ready
 * @since 0.1.0
 */
public record ProbeReport(
        String harnessId,
        boolean installed,
        Optional<Path> path,
        Optional<String> version,
        AuthState auth,
        String detail,
        List<String> nextSteps) {

    /** Authentication as far as a probe can tell. */
    public enum AuthState {
        AUTHENTICATED,
        NOT_AUTHENTICATED,
        /** The CLI offers no offline way to tell; the live probe decides. */
        UNKNOWN
    }

    public ProbeReport {
        Objects.requireNonNull(harnessId, "harnessId");
        path = path == null ? Optional.empty() : path;
        version = version == null ? Optional.empty() : version;
        auth = auth == null ? AuthState.UNKNOWN : auth;
        detail = detail == null ? "" : detail;
        nextSteps = nextSteps == null ? List.of() : List.copyOf(nextSteps);
    }

    /** True when installed and not known to be logged out. */
    public boolean ready() {
        return installed && auth != AuthState.NOT_AUTHENTICATED;
    }
}
