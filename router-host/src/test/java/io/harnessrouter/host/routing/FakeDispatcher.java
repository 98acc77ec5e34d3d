package io.harnessrouter.host.routing;

import io.harnessrouter.api.Availability;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.DispatchRequest;
import io.harnessrouter.api.DispatchResult;
import io.harnessrouter.api.Dispatcher;
import io.harnessrouter.api.RouteSpec;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A dispatcher that returns scripted results: queued answers first, then the default (a success
 * saying which route answered). Records every request. Thread-safe.
 */
public final class FakeDispatcher implements Dispatcher {

    private final RouteSpec spec;
    private final Queue<Function<DispatchRequest, DispatchResult>> script = new ConcurrentLinkedQueue<>();
    private final List<DispatchRequest> requests = new CopyOnWriteArrayList<>();
    private final List<DispatchEvent> events = new CopyOnWriteArrayList<>();
    private volatile Function<DispatchRequest, DispatchResult> otherwise;
    private volatile Availability availability = Availability.ok();

    public FakeDispatcher(RouteSpec spec) {
        this.spec = spec;
        this.otherwise = r -> DispatchResult.success("answer from " + spec.id()).build();
    }

    /** The next dispatch returns {@code result}. */
    public FakeDispatcher then(DispatchResult result) {
        script.add(r -> result);
        return this;
    }

    /** The next dispatch runs {@code answer}. */
    public FakeDispatcher then(Function<DispatchRequest, DispatchResult> answer) {
        script.add(answer);
        return this;
    }

    /** Every dispatch after the script returns {@code result}. */
    public FakeDispatcher always(DispatchResult result) {
        otherwise = r -> result;
        return this;
    }

    /** Every dispatch after the script runs {@code answer}. */
    public FakeDispatcher always(Function<DispatchRequest, DispatchResult> answer) {
        otherwise = answer;
        return this;
    }

    /** Every dispatch streams these events before answering. */
    public FakeDispatcher streaming(DispatchEvent... toSend) {
        events.addAll(List.of(toSend));
        return this;
    }

    public FakeDispatcher unavailable(String reason) {
        availability = Availability.unavailable(reason);
        return this;
    }

    public List<DispatchRequest> requests() {
        return requests;
    }

    public int calls() {
        return requests.size();
    }

    @Override
    public RouteSpec route() {
        return spec;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public DispatchResult dispatch(DispatchRequest request, DispatchListener listener) {
        requests.add(request);
        events.forEach(listener::onEvent);
        Function<DispatchRequest, DispatchResult> next = script.poll();
        return (next != null ? next : otherwise).apply(request);
    }
}
