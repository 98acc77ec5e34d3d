package io.harnessrouter.plugins.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.harnessrouter.api.DispatchEvent;
import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.TokenUsage;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * Reads a chat-completions SSE stream line by line: frames end at a blank line, their
 * {@code data:} lines are joined, {@code [DONE]} ends the stream, frames that are not JSON are
 * skipped. From each frame it takes {@code choices[0].delta.content} (or {@code message.content})
 * as answer text, {@code delta.reasoning_content} / {@code delta.reasoning} as thinking, a
 * {@code usage} object as token usage, and an {@code error} object as a mid-stream error.
 *
 * <p>Text and thinking go to the listener as they arrive (on the HTTP client's thread); listener
 * exceptions are dropped. Lines are delivered serially by the HTTP client, while the dispatching
 * thread may read the accumulated state at any time (timeout, cancel), so state is guarded by
 * this object's lock. After {@link #stop()} no further event reaches the listener. The
 * accumulated answer is bounded: past {@code maxAnswerChars} only its head and tail are kept,
 * while every delta still reaches the listener.
 */
final class SseSubscriber implements Flow.Subscriber<String> {

    private final DispatchListener listener;
    private final HeadTailText output;
    private final StringBuilder data = new StringBuilder();
    private Flow.Subscription subscription;
    private TokenUsage usage;
    private JsonNode error;
    private long tooLong;
    private boolean done;
    private boolean stopped;

    /**
     * @param maxAnswerChars how much of the answer is kept: its first and last
     *                       {@code maxAnswerChars / 2} characters (see {@link HeadTailText})
     */
    SseSubscriber(DispatchListener listener, int maxAnswerChars) {
        this.listener = listener;
        this.output = new HeadTailText(Math.max(1, maxAnswerChars / 2), Math.max(1, maxAnswerChars - maxAnswerChars / 2));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        synchronized (this) {
            subscription = s;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        synchronized (this) {
            if (done || stopped) {
                return; // drain whatever follows [DONE] so the exchange completes
            }
            if (line.isEmpty()) {
                endFrame();
            } else if (line.startsWith("data:")) {
                String value = line.substring(5);
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(value.startsWith(" ") ? value.substring(1) : value);
            }
            // "event:", "id:", "retry:" and ":" comment lines carry nothing we use.
        }
    }

    @Override
    public void onError(Throwable throwable) {
        // The HTTP client completes the response future exceptionally; the dispatcher reports it.
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            if (!done && !stopped) {
                endFrame(); // a last frame without its trailing blank line
            }
        }
    }

    /**
     * A line of {@code bytes} bytes, more than the reader keeps, arrived: the frame it belongs to is
     * lost, so the stream is not read further and {@link #lineTooLongBytes()} tells the result.
     */
    void lineTooLong(long bytes) {
        synchronized (this) {
            if (done || stopped) {
                return;
            }
            tooLong = bytes;
            data.setLength(0);
            done = true;
        }
    }

    /** The length of the line that was too long to keep; 0 when none was. */
    synchronized long lineTooLongBytes() {
        return tooLong;
    }

    /** Stops forwarding events and aborts the body subscription; called on timeout and cancel. */
    void stop() {
        Flow.Subscription s;
        synchronized (this) {
            stopped = true;
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }

    /** The answer so far; past the cap its head and tail around a note on what was dropped. */
    synchronized String output() {
        return output.text();
    }

    /** How many answer characters arrived, kept or not. */
    synchronized long answerChars() {
        return output.total();
    }

    synchronized Optional<TokenUsage> usage() {
        return Optional.ofNullable(usage);
    }

    /** The {@code error} frame the stream carried, if any. */
    synchronized Optional<JsonNode> error() {
        return Optional.ofNullable(error);
    }

    private void endFrame() {
        if (data.length() == 0) {
            return;
        }
        String payload = data.toString().trim();
        data.setLength(0);
        if (payload.equals("[DONE]")) {
            done = true;
            return;
        }
        ChatJson.parse(payload).ifPresent(this::onFrame);
    }

    private void onFrame(JsonNode frame) {
        ChatJson.usage(frame).ifPresent(u -> usage = u);
        if (ChatJson.isError(frame)) {
            error = frame;
            done = true;
            return;
        }
        Optional<String> text = ChatJson.choiceText(frame, "delta", "content")
                .or(() -> ChatJson.choiceText(frame, "message", "content"));
        text.filter(t -> !t.isEmpty()).ifPresent(t -> {
            output.append(t);
            emit(new DispatchEvent.Text(t));
        });
        ChatJson.choiceText(frame, "delta", "reasoning_content")
                .or(() -> ChatJson.choiceText(frame, "delta", "reasoning"))
                .filter(t -> !t.isEmpty())
                .ifPresent(t -> emit(new DispatchEvent.Thinking(t)));
    }

    private void emit(DispatchEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            // A listener must not break the attempt (see DispatchListener).
        }
    }
}
