package com.example.harnessrouter.acme;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.support.AbstractCliDispatcher;
import io.harnessrouter.api.support.FailureKinds;
import io.harnessrouter.api.support.ProcessOutcome;
import io.harnessrouter.api.support.PromptFiles;
import io.harnessrouter.api.support.RateLimitText;
import io.harnessrouter.api.support.StreamParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs one prompt through the Acme Code CLI:
 * {@code acme run --json --model <m> [--profile <p>] -- <prompt>}, the request's files listed in
 * the prompt ({@link PromptFiles#filesToWorkWith}), stdin {@code /dev/null}, cwd = the request's
 * working directory, and {@code ACME_MAX_RETRIES=0} unless the host, route or request environment
 * sets it (retrying and failing over is the router's job).
 *
 * <p>Streaming: each call gets its own {@link StreamParser} ({@link #streamParser}), which parses
 * every line once as it arrives, sends each {@code text}, {@code thinking} and {@code tool} event
 * to the listener and collects the run; the result is made from that collection once the process
 * has ended. Per-call state lives in the parser because one dispatcher serves concurrent calls.
 *
 * <p>Success needs exit code 0, a {@code done} event and no {@code error} event. A failure is
 * classified from the error event's code, an HTTP status, with {@link FailureKinds#fromHttpStatus}
 * (429: rate limited, or quota exhausted when the message says so; 401: auth; 403: forbidden;
 * 404 naming a model: model rejected; 5xx: unavailable; else the text). Without an error event (a crash), stdout and stderr are
 * classified as text.
 *
 * <p>Route settings: {@code profile} (passed as {@code --profile}); any other key makes the route
 * unavailable with a reason, so a typo is not silently ignored.
 *
 * <p>Thread-safety: serves concurrent dispatches; per-call state lives in the call's parser.
 */
public final class AcmeDispatcher extends AbstractCliDispatcher {

    /** How to install the CLI; shown when the binary is missing. */
    public static final String INSTALL_COMMAND = "npm install -g @acme/code-cli";
    /** How to log in; shown with authentication failures. */
    public static final String LOGIN_COMMAND = "acme auth login";
    /** The route setting this harness understands. */
    public static final String PROFILE_SETTING = "profile";
    /** The variable that caps the CLI's own retries. */
    static final String MAX_RETRIES = "ACME_MAX_RETRIES";

    private static final Set<String> SETTINGS = Set.of(PROFILE_SETTING);
    private static final int EXCERPT = 300;

    public AcmeDispatcher(RouteSpec route, HarnessContext context) {
        super(route, context, AcmeHarness.DEFAULT_COMMAND, INSTALL_COMMAND);
    }

    /** Unavailable when the route has settings this harness does not know, else by {@code PATH}. */
    @Override
    public Availability availability() {
        Set<String> unknown = new TreeSet<>(route().settings().keySet());
        unknown.removeAll(SETTINGS);
        if (!unknown.isEmpty()) {
            return Availability.unavailable("route " + route().id() + " has settings acme_code does not understand: "
                    + unknown + " (it knows " + new TreeSet<>(SETTINGS) + "; remove or rename them)");
        }
        return super.availability();
    }

    @Override
    protected List<String> arguments(DispatchRequest request) {
        List<String> args = new ArrayList<>(List.of("run", "--json", "--model", request.model()));
        route().setting(PROFILE_SETTING).ifPresent(p -> args.addAll(List.of("--profile", p)));
        args.add("--"); // a prompt that starts with "-" is still the prompt
        args.add(PromptFiles.filesToWorkWith(request.prompt(), request.files()));
        return args;
    }

    /** The base class sets it only when neither the host, the route nor the request does. */
    @Override
    protected Map<String, String> environmentDefaults(DispatchRequest request) {
        return Map.of(MAX_RETRIES, "0");
    }

    /**
     * A parser per call: each line is parsed once, sent on as a progress event and collected, so
     * the result needs no second pass over the captured stdout.
     */
    @Override
    protected StreamParser streamParser(DispatchRequest request) {
        AcmeJsonl.Collector run = new AcmeJsonl.Collector();
        return new StreamParser() {
            @Override
            public void onLine(String line, DispatchListener listener) {
                AcmeJsonl.parseLine(line).ifPresent(event -> {
                    run.add(event);
                    event.toDispatchEvent().ifPresent(listener::onEvent);
                });
            }

            @Override
            public DispatchResult finish(ProcessOutcome outcome) {
                return result(run.transcript(), outcome);
            }
        };
    }

    private DispatchResult result(AcmeJsonl.Transcript run, ProcessOutcome outcome) {
        if (run.error().isPresent()) {
            return reported(run.error().get(), run.answer());
        }
        if (outcome.exitCode() == 0 && run.done().isPresent()) {
            return DispatchResult.success(run.answer().strip())
                    .tokenUsage(run.done().get().usage().orElse(null)).build();
        }
        if (outcome.exitCode() == 0) {
            String shown = excerpt(outcome.stdout(), EXCERPT);
            return DispatchResult.failure(FailureKind.OTHER, "acme exited 0 without a done event: "
                    + (shown.isEmpty() ? "(no output)" : shown)).output(run.answer().strip()).build();
        }
        return crashed(outcome);
    }

    /** The CLI printed an error event. */
    private static DispatchResult reported(AcmeEvent.Error e, String partialAnswer) {
        FailureKind kind = kindOf(e);
        String said = e.message().isBlank() ? "acme reported error " + e.code() : e.message();
        DispatchResult.Builder b = DispatchResult.failure(kind, withHint(kind, said + " (acme error " + e.code() + ")"))
                .output(partialAnswer.strip());
        e.resetAt().ifPresent(b::resetAt);
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(said).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    /** Acme's codes are HTTP statuses, so the shared mapping applies (0, no code, falls back to the text). */
    static FailureKind kindOf(AcmeEvent.Error e) {
        return FailureKinds.fromHttpStatus(e.code(), e.message());
    }

    /** No error event and a non-zero exit: a crash, a usage error, a killed process. */
    private static DispatchResult crashed(ProcessOutcome outcome) {
        String shown = excerpt(outcome.stderr().isBlank() ? outcome.stdout() : outcome.stderr(), EXCERPT);
        String all = outcome.stdout() + "\n" + outcome.stderr();
        FailureKind kind = RateLimitText.classify(all);
        String error = "acme exited with code " + outcome.exitCode() + (shown.isEmpty() ? "" : ": " + shown);
        DispatchResult.Builder b = DispatchResult.failure(kind, withHint(kind, error));
        if (kind.isCapacity()) {
            RateLimitText.retryAfter(all).ifPresent(b::retryAfter);
        }
        return b.build();
    }

    private static String withHint(FailureKind kind, String error) {
        return kind == FailureKind.AUTH && !error.contains(LOGIN_COMMAND) ? error + " — run `" + LOGIN_COMMAND + "`" : error;
    }
}
