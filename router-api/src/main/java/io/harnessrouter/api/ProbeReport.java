package io.harnessrouter.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link DoctorProbe} found.
 *
 * <p><b>Build it with {@link #builder(String)}.</b> The record's components are append-only: a later
 * API version may add a component at the end, never remove, reorder or retype one, and keeps each
 * earlier canonical constructor as an overload that fills the new component with its default. A
 * plugin that calls the builder keeps working unchanged when a component is added; the
 * constructor stays for source compatibility only.
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

    /**
     * Starts a report on {@code harnessId}: not installed, no path or version, auth
     * {@link AuthState#UNKNOWN}, empty detail and no next steps until set.
     *
     * @since 0.1.0
     */
    public static Builder builder(String harnessId) {
        return new Builder(Objects.requireNonNull(harnessId, "harnessId"));
    }

    /**
     * A builder preset with this report's values.
     *
     * @since 0.1.0
     */
    public Builder toBuilder() {
        Builder b = new Builder(harnessId).installed(installed).auth(auth).detail(detail).nextSteps(nextSteps);
        b.path = path.orElse(null);
        b.version = version.orElse(null);
        return b;
    }

    /** True when installed and not known to be logged out. */
    public boolean ready() {
        return installed && auth != AuthState.NOT_AUTHENTICATED;
    }

    /**
     * Builds {@link ProbeReport}s; a setter left uncalled keeps the default stated on
     * {@link ProbeReport#builder(String)}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String harnessId;
        private boolean installed;
        private Path path;
        private String version;
        private AuthState auth = AuthState.UNKNOWN;
        private String detail = "";
        private final List<String> nextSteps = new ArrayList<>();

        private Builder(String harnessId) {
            this.harnessId = harnessId;
        }

        /** Whether the binary was found and answered {@code --version}. */
        public Builder installed(boolean value) {
            this.installed = value;
            return this;
        }

        /** Where the binary is; {@code null} clears it. */
        public Builder path(Path value) {
            this.path = value;
            return this;
        }

        /** The version the binary printed; {@code null} clears it. */
        public Builder version(String value) {
            this.version = value;
            return this;
        }

        /** Authentication as far as the probe can tell; {@code null} means {@link AuthState#UNKNOWN}. */
        public Builder auth(AuthState value) {
            this.auth = value == null ? AuthState.UNKNOWN : value;
            return this;
        }

        /** One line of what was seen. */
        public Builder detail(String value) {
            this.detail = value == null ? "" : value;
            return this;
        }

        /** Replaces the next steps with these, in order. */
        public Builder nextSteps(List<String> steps) {
            this.nextSteps.clear();
            steps.forEach(this::nextStep);
            return this;
        }

        /** Appends one next step. */
        public Builder nextStep(String step) {
            this.nextSteps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public ProbeReport build() {
            return new ProbeReport(harnessId, installed, Optional.ofNullable(path), Optional.ofNullable(version),
                    auth, detail, nextSteps);
        }
    }
}
