package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class SseLineReaderTest {

    private static final Flow.Subscription NONE = new Flow.Subscription() {
        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    };

    private static String frame(String content) {
        return "data: {\"choices\":[{\"delta\":{\"content\":\"" + content + "\"}}]}";
    }

    private static SseSubscriber read(byte[] body, int splitAt, int maxLineBytes) {
        SseSubscriber sse = new SseSubscriber(DispatchListener.NONE, 1000);
        SseLineReader reader = new SseLineReader(sse, maxLineBytes);
        reader.onSubscribe(NONE);
        reader.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(body, 0, splitAt))));
        reader.onNext(List.of(ByteBuffer.wrap(Arrays.copyOfRange(body, splitAt, body.length))));
        reader.onComplete();
        return sse;
    }

    @Test
    void splitsAtLfCrLfAndLoneCrWhereverTheBuffersBreak() {
        byte[] body = (frame("A") + "\r\n\r\n" + frame("B") + "\r\r" + frame("C") + "\n\n" + frame("\u00e9")
                + "\n\ndata: [DONE]\n\n" + frame("after done") + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= body.length; split++) {
            assertEquals("ABC\u00e9", read(body, split, 1000).output(), "split at " + split);
        }
    }

    @Test
    void readsALastFrameWithoutItsLineBreak() {
        byte[] body = (frame("A") + "\n\n" + frame("B")).getBytes(StandardCharsets.UTF_8);

        assertEquals("AB", read(body, 3, 1000).output());
    }

    @Test
    void reportsALineLongerThanTheCapAndStopsThere() {
        String longFrame = frame("x".repeat(200));
        byte[] body = (frame("A") + "\n\n" + longFrame + "\n\n" + frame("B") + "\n\n").getBytes(StandardCharsets.UTF_8);

        SseSubscriber sse = read(body, body.length / 2, 100);

        assertEquals(longFrame.length(), sse.lineTooLongBytes());
        assertEquals("A", sse.output());
    }

    @Test
    void keepsALineOfExactlyTheCap() {
        String line = frame("y".repeat(50));
        byte[] body = (line + "\n\n").getBytes(StandardCharsets.UTF_8);

        SseSubscriber sse = read(body, 7, line.length());

        assertEquals(0, sse.lineTooLongBytes());
        assertEquals("y".repeat(50), sse.output());
    }
}
