package io.harnessrouter.plugins.openai;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.HarnessContext;
import io.harnessrouter.api.RouteSpec;
import java.net.http.HttpClient;
import java.util.Objects;
import java.util.Optional;

/**
 * Sends prompts to one OpenAI-compatible {@code /chat/completions} endpoint. Streams by default
 * (route setting {@code stream: false} asks for one buffered response). Every outcome, including a
 * refused connection or a timeout, comes back as a {@link DispatchResult} carrying the response
 * headers and the HTTP status as its exit code; the API key never appears in an error. Plain
 * {@code http://} endpoints are spoken to in HTTP/1.1; a request whose connection closed before
 * any response byte is sent once more on a new connection (see {@link ChatAttempt}).
 *
 * <p>Thread-safe: per-call state lives in a {@link ChatAttempt}.
 */
final class OpenAiDispatcher implements Dispatcher {

    private final RouteSpec route;
    private final HarnessContext context;
    private final OpenAiSettings settings;
    private final Availability availability;
    private final System.Logger log;
    private final ChatAttempt.Limits limits;
    private volatile HttpClient ownClient;

    OpenAiDispatcher(RouteSpec route, HarnessContext context) {
        this(route, context, ChatAttempt.Limits.DEFAULT);
    }

    /** With other response limits than the defaults. */
    OpenAiDispatcher(RouteSpec route, HarnessContext context, ChatAttempt.Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.route = Objects.requireNonNull(route, "route");
        this.context = Objects.requireNonNull(context, "context");
        this.settings = OpenAiSettings.of(route);
        this.log = context.logger(OpenAiDispatcher.class.getName());
        this.availability = settings.problem().map(Availability::unavailable).orElse(Availability.ok());
    }

    @Override
    public RouteSpec route() {
        return route;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
        if (!availability.isAvailable()) {
            return DispatchResult.failure(FailureKind.OTHER, availability.reason()).build();
        }
        DispatchListener events = listener == null ? DispatchListener.NONE : listener;
        return new ChatAttempt(route, settings, client(), () -> derive(context.httpClient()), log,
                context.clock(), limits, request, events).run();
    }

    /**
     * The host's shared client when its connect timeout is the route's; otherwise a client of our
     * own with the route's connect timeout (the JDK sets it per client, not per request), created
     * on first use and derived from the shared one.
     */
    HttpClient client() {
        HttpClient shared = context.httpClient();
        if (shared.connectTimeout().equals(Optional.of(settings.connectTimeout()))) {
            return shared;
        }
        HttpClient own = ownClient;
        if (own == null) {
            synchronized (this) {
                own = ownClient;
                if (own == null) {
                    own = derive(shared);
                    ownClient = own;
                }
            }
        }
        return own;
    }

    /**
     * A new client like {@code shared} with the route's connect timeout and an empty connection
     * pool. The one-off client of a retry is dropped afterwards; its idle connection and selector
     * thread (a daemon) go with it when it is collected, and Java 17 has no {@code close()}.
     */
    private HttpClient derive(HttpClient shared) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(shared.followRedirects())
                .version(shared.version())
                .sslContext(shared.sslContext())
                .sslParameters(shared.sslParameters());
        shared.proxy().ifPresent(b::proxy);
        shared.executor().ifPresent(b::executor);
        shared.authenticator().ifPresent(b::authenticator);
        return b.build();
    }
}
