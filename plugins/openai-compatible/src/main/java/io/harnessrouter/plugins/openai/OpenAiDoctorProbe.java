package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.DoctorProbe;
import io.harnessrouter.api.Harness;
import io.harnessrouter.api.ProbeReport;
import java.time.Duration;
import java.util.Optional;

/**
 * The doctor check of the OpenAI-compatible harness. There is nothing to install and a key can
 * only be judged by the server, so it reports "installed, authentication unknown" and leaves the
 * verdict to the host's live probe of each route. Stateless and thread-safe.
 */
final class OpenAiDoctorProbe implements DoctorProbe {

    static final String DETAIL = "HTTP harness: routes are checked one by one with a live probe";

    @Override
    public ProbeReport check(Optional<String> command, Duration timeout) {
        return ProbeReport.builder(Harness.OPENAI_COMPATIBLE).installed(true).auth(ProbeReport.AuthState.UNKNOWN)
                .detail(DETAIL).build();
    }
}
