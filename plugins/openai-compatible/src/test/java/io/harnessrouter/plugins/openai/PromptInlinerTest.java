package io.harnessrouter.plugins.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.harnessrouter.api.DispatchListener;
import io.harnessrouter.api.RouteSpec;
import io.harnessrouter.api.testkit.FakeOpenAiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How request files are inlined into the user message. */
class PromptInlinerTest {

    private static final long LIMIT = OpenAiSettings.DEFAULT_MAX_FILE_BYTES;

    @TempDir
    Path dir;

    @Test
    void leavesThePromptAloneWithoutFiles() {
        assertEquals("task", PromptInliner.userContent("task", List.of(), LIMIT));
    }

    @Test
    void inlinesAFileAsAFencedBlockTaggedWithItsExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("main.py"), "print('hi')\n");

        assertEquals("task\n\n```py\n# " + file + "\nprint('hi')\n```",
                PromptInliner.userContent("task", List.of(file), LIMIT));
    }

    @Test
    void addsTheMissingFinalNewlineAndUsesNoTagWithoutExtension() throws IOException {
        Path file = Files.writeString(dir.resolve("Makefile"), "all:");

        assertEquals("task\n\n```\n# " + file + "\nall:\n```", PromptInliner.userContent("task", List.of(file), LIMIT));
    }

    @Test
    void lengthensTheFenceWhenTheFileContainsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("README.md"), "```java\nx\n```\n");

        assertEquals("task\n\n````md\n# " + file + "\n```java\nx\n```\n````",
                PromptInliner.userContent("task", List.of(file), LIMIT));
    }

    @Test
    void notesAMissingFile() {
        Path missing = dir.resolve("gone.txt");

        assertEquals("task\n\n# File not found: " + missing, PromptInliner.userContent("task", List.of(missing), LIMIT));
    }

    @Test
    void notesADirectory() {
        assertEquals("task\n\n# Not a file: " + dir, PromptInliner.userContent("task", List.of(dir), LIMIT));
    }

    @Test
    void skipsAFileOverTheDefaultLimitWithItsSize() throws IOException {
        Path big = Files.write(dir.resolve("big.bin"), new byte[600 * 1024]);

        assertEquals("task\n\n# Skipped " + big + ": file too large (600 KB > 512 KB limit)",
                PromptInliner.userContent("task", List.of(big), LIMIT));
    }

    @Test
    void inlinesAFileOfExactlyTheLimit() throws IOException {
        Path edge = Files.write(dir.resolve("edge.txt"), new byte[(int) LIMIT]);

        assertEquals(true, PromptInliner.userContent("task", List.of(edge), LIMIT).startsWith("task\n\n```txt\n"));
    }

    @Test
    void reportsSizesInBytesForALimitThatIsNotWholeKilobytes() throws IOException {
        Path file = Files.writeString(dir.resolve("a.txt"), "0123456789");

        assertEquals("task\n\n# Skipped " + file + ": file too large (10 bytes > 5 bytes limit)",
                PromptInliner.userContent("task", List.of(file), 5));
    }

    @Test
    void joinsSeveralPartsInOrder() throws IOException {
        Path a = Files.writeString(dir.resolve("a.js"), "a()\n");
        Path missing = dir.resolve("b.js");

        assertEquals("task\n\n```js\n# " + a + "\na()\n```\n\n# File not found: " + missing + "\n\n# Not a file: " + dir,
                PromptInliner.userContent("task", List.of(a, missing, dir), LIMIT));
    }

    @Test
    void sendsInlinedFilesAndHonoursTheRouteLimit() throws IOException {
        Path small = Files.writeString(dir.resolve("s.txt"), "ok");
        Path large = Files.writeString(dir.resolve("l.txt"), "x".repeat(3000));
        try (FakeOpenAiServer server = FakeOpenAiServer.start()) {
            RouteSpec route = Routes.route(server.baseUrl(), Routes.KEY, Map.of("max_file_bytes", "2048"));

            Routes.dispatcher(route).dispatch(Routes.request(route, "task").withFiles(List.of(small, large)),
                    DispatchListener.NONE);

            String expected = "task\n\n```txt\n# " + small + "\nok\n```\n\n# Skipped " + large
                    + ": file too large (3 KB > 2 KB limit)";
            String body = server.lastRequest().body();
            assertEquals(expected, ChatJson.parse(body).orElseThrow().path("messages").path(1).path("content").asText());
        }
    }
}
