package io.harnessrouter.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harnessrouter.host.plugins.TestPluginJars;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code harness-router plugins list/info/install/remove/disable/enable} in process, against real
 * plugin JARs built here and a user plugins directory in a temp home.
 */
class PluginsCommandTest {

    @TempDir
    static Path compileDir;
    private static TestPluginJars jars;

    @TempDir
    Path home;
    private Path user;
    private Path built;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void compile() throws IOException {
        jars = TestPluginJars.compile(compileDir, Map.of(
                "test.good.GoodHarness", harness("test.good", "GoodHarness", "good"),
                "test.other.OtherHarness", harness("test.other", "OtherHarness", "other"),
                "test.clash.ClashHarness", harness("test.clash", "ClashHarness", "good")));
    }

    private static String harness(String pkg, String type, String id) {
        return """
                package %s;
                import io.harnessrouter.api.*;
                import java.util.*;
                @org.pf4j.Extension
                public class %s implements Harness {
                    public String id() { return "%s"; }
                    public String displayName() { return "%s CLI"; }
                    public Optional<String> defaultCommand() { return Optional.of("%s-cli-not-installed"); }
                    public Dispatcher dispatcher(RouteSpec r, HarnessContext c) { throw new UnsupportedOperationException(); }
                    public DoctorProbe doctorProbe(HarnessContext c) {
                        return (command, timeout) -> new ProbeReport("%s", false, Optional.empty(), Optional.empty(),
                                ProbeReport.AuthState.UNKNOWN, "", List.of("install %s-cli"));
                    }
                }
                """.formatted(pkg, type, id, id, id, id, id);
    }

    @BeforeEach
    void dirs() throws IOException {
        user = home.resolve("plugins");
        built = Files.createDirectories(home.resolve("built"));
    }

    private Path good(String version) throws IOException {
        return jars.jar("good-plugin").version(version).manifest("Plugin-Provider", "Example Inc.")
                .classesOf("test.good").extension("test.good.GoodHarness").writeTo(built, "good-" + version + ".jar");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Map<String, String> env = Map.of("HOME", home.toString(), "HARNESS_ROUTER_HOME", home.resolve("dist").toString());
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == PluginsCommand.class ? type.cast(new PluginsCommand(env, "0.1.0"))
                        : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine cmd = new CommandLine(new RootCommand(new PrintStream(OutputStream.nullOutputStream())), factory);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        String[] all = Stream.concat(Stream.of("plugins", "--plugins-dir", user.toString()), Stream.of(args))
                .toArray(String[]::new);
        return new Run(cmd.execute(all), out.toString(), err.toString());
    }

    private List<String> userFiles() throws IOException {
        if (!Files.isDirectory(user)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(user)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void installValidatesCopiesUnderItsIdAndPrintsTheConfigLine() throws IOException {
        Run r = run("install", good("1.0.0").toString());

        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("good-plugin-1.0.0.jar"), userFiles());
        assertTrue(r.out().startsWith("Installed plugin good-plugin 1.0.0 by Example Inc. as "
                + user.resolve("good-plugin-1.0.0.jar") + "\n  harnesses: good\n"), r.out());
        assertTrue(r.out().contains("\n        - harness: good\n"), r.out());
        assertTrue(r.out().contains("picks it up on its next request"), r.out());
    }

    @Test
    void installingTheSamePluginAgainIsRefusedAndForceReplacesIt() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());

        Run again = run("install", good("2.0.0").toString());
        assertEquals(1, again.code());
        assertEquals("harness-router plugins install: plugin good-plugin is already installed as "
                + user.resolve("good-plugin-1.0.0.jar") + "; pass --force to replace it with 2.0.0\n", again.err());
        assertEquals(List.of("good-plugin-1.0.0.jar"), userFiles());

        Run forced = run("install", "--force", good("2.0.0").toString());
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains("  replaced " + user.resolve("good-plugin-1.0.0.jar")), forced.out());
        assertEquals(List.of("good-plugin-2.0.0.jar"), userFiles());
    }

    @Test
    void installRefusesAHarnessIdAnotherUserPluginProvidesAndSaysWhich() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());
        Path clash = jars.jar("clash-plugin").classesOf("test.clash").extension("test.clash.ClashHarness")
                .writeTo(built, "clash.jar");

        Run r = run("install", clash.toString());

        assertEquals(1, r.code());
        assertEquals("harness-router plugins install: plugin clash-plugin provides harness 'good', which user plugin"
                + " good-plugin (" + user.resolve("good-plugin-1.0.0.jar") + ") already provides; remove it first"
                + " (harness-router plugins remove good-plugin); nothing was copied\n", r.err());
        assertEquals(List.of("good-plugin-1.0.0.jar"), userFiles());
    }

    @Test
    void installRefusesWhatTheServerCouldNotLoadAndCopiesNothing() throws IOException {
        Path future = jars.jar("future").requires(">=9.0.0").classesOf("test.other")
                .extension("test.other.OtherHarness").writeTo(built, "future.jar");
        Path bundler = jars.jar("bundler").classesOf("test.other").extension("test.other.OtherHarness").bundlingApi()
                .writeTo(built, "bundler.jar");
        Path empty = jars.jar("empty").writeTo(built, "empty.jar");
        Path garbage = Files.write(built.resolve("garbage.jar"), new byte[] {1, 2, 3});
        Path noDescriptor = jars.jar("x").noDescriptor().classesOf("test.other").writeTo(built, "plain.jar");

        assertEquals("harness-router plugins install: " + future + " cannot be installed: requires harness-router"
                + " >=9.0.0, this is 0.1.0; nothing was copied\n", run("install", future.toString()).err());
        assertEquals("harness-router plugins install: " + bundler + " cannot be installed: bundles"
                + " io.harnessrouter.api classes; nothing was copied\n", run("install", bundler.toString()).err());
        assertEquals("harness-router plugins install: " + empty + " cannot be installed: no Harness extension"
                + " found; nothing was copied\n", run("install", empty.toString()).err());
        assertTrue(run("install", garbage.toString()).err().startsWith("harness-router plugins install: " + garbage
                + " cannot be installed: is not a readable JAR: ZipException"));
        assertTrue(run("install", noDescriptor.toString()).err().contains("cannot be installed: has no plugin"
                + " descriptor"));
        Run missing = run("install", built.resolve("nope.jar").toString());
        assertEquals(1, missing.code());
        assertEquals("harness-router plugins install: no such file: " + built.resolve("nope.jar") + "\n", missing.err());
        assertEquals(List.of(), userFiles());
    }

    @Test
    void listShowsEachPluginsStateSourceHarnessesAndRangeAsTextAndJson() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());
        Files.write(user.resolve("broken.jar"), new byte[] {1, 2, 3});

        Run text = run("list");
        assertEquals(1, text.code(), "a failed plugin makes list exit 1");
        assertTrue(text.out().contains("good-plugin 1.0.0 by Example Inc.  [user, started]\n  harnesses: good\n"
                + "  requires:  harness-router >=0.1.0\n"), text.out());
        assertTrue(text.out().contains("broken.jar  [user, failed]\n"), text.out());

        JsonNode json = new ObjectMapper().readTree(run("list", "--json").out());
        JsonNode good = json.at("/plugins/1");
        assertEquals("good-plugin", good.at("/id").asText(), json.toString());
        assertEquals("started", good.at("/state").asText());
        assertEquals("user", good.at("/source").asText());
        assertEquals("good", good.at("/harnesses/0").asText());
        assertEquals(">=0.1.0", good.at("/requires").asText());
        assertEquals("failed", json.at("/plugins/0/state").asText());
        assertTrue(json.at("/plugins/0/reason").asText().startsWith("is not a readable JAR"), json.toString());
    }

    @Test
    void aUserPluginWithABundledPluginsHarnessIdInstallsAndListSaysItUpgradesIt() throws IOException {
        Path bundled = home.resolve("dist/plugins");
        Path old = jars.jar("bundled-good").classesOf("test.clash").extension("test.clash.ClashHarness")
                .writeTo(bundled, "bundled-good.jar");

        Run install = run("install", good("1.0.0").toString());
        assertEquals(0, install.code(), install.err());

        Run list = run("list");
        assertEquals(0, list.code(), list.out());
        assertTrue(list.out().contains("bundled-good 1.0.0  [bundled, started]\n  harnesses: good\n"), list.out());
        assertTrue(list.out().contains("note: harness 'good' from plugin good-plugin@1.0.0 ("
                + user.resolve("good-plugin-1.0.0.jar") + ") (user) upgrades the bundled one from plugin"
                + " bundled-good@1.0.0 (" + old + ")"), list.out());
    }

    @Test
    void disableKeepsTheJarButStopsLoadingItAndEnableBringsItBack() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());

        Run off = run("disable", "good-plugin");
        assertEquals(0, off.code(), off.err());
        Path state = home.resolve("plugins-disabled.txt");
        assertEquals("Plugin good-plugin is now disabled (" + state + "). A running server notices within about a"
                + " second.\n", off.out());
        assertTrue(Files.readAllLines(state).contains("good-plugin"));
        assertTrue(run("list").out().contains("good-plugin 1.0.0 by Example Inc.  [user, disabled]"));
        assertEquals(List.of("good-plugin-1.0.0.jar"), userFiles());

        assertEquals("Plugin good-plugin was already disabled.\n", run("disable", "good-plugin").out());
        assertEquals(0, run("enable", "good-plugin").code());
        assertTrue(run("list").out().contains("good-plugin 1.0.0 by Example Inc.  [user, started]"));

        Run unknown = run("disable", "nope");
        assertEquals(1, unknown.code());
        assertEquals("harness-router plugins disable: no plugin 'nope' is installed (plugins: good-plugin); see"
                + " harness-router plugins list\n", unknown.err());
    }

    @Test
    void removeDeletesTheUserPluginAndAnUnknownIdIsAFailureThatNamesTheInstalledOnes() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());

        Run unknown = run("remove", "nope");
        assertEquals(1, unknown.code());
        assertEquals("harness-router plugins remove: no user plugin 'nope' is installed in " + user
                + " (installed: good-plugin); see harness-router plugins list\n", unknown.err());

        Run r = run("remove", "good-plugin");
        assertEquals(0, r.code(), r.err());
        assertEquals("Removed plugin good-plugin: deleted " + user.resolve("good-plugin-1.0.0.jar") + "\n", r.out());
        assertEquals(List.of(), userFiles());
    }

    @Test
    void infoShowsTheDescriptorAndEachHarnesssDoctorCheck() throws IOException {
        assertEquals(0, run("install", good("1.0.0").toString()).code());

        Run r = run("info", "good-plugin");

        assertEquals(0, r.code(), r.err());
        assertEquals("""
                Plugin good-plugin 1.0.0  [user, started]
                  provider:  Example Inc.
                  requires:  harness-router >=0.1.0
                  jar:       %s
                  harness good — good CLI — command good-cli-not-installed
                    installed: not found
                    auth:      unknown until a route answers
                    next:      install good-cli
                """.formatted(user.resolve("good-plugin-1.0.0.jar")), r.out());
        assertEquals(1, run("info", "nope").code());
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(2, run("install").code());
        assertEquals(2, run().code());
        assertEquals(2, run("frobnicate").code());
    }

    /** Deploys {@code jar} as {@code test.group:<artifactId>:<version>} with these dependency elements. */
    private static void deploy(Path repo, String artifactId, String version, Path jar, String dependencies)
            throws IOException {
        Path dir = Files.createDirectories(repo.resolve("test/group").resolve(artifactId).resolve(version));
        Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
        Files.writeString(dir.resolve(artifactId + "-" + version + ".pom"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>test.group</groupId><artifactId>%s</artifactId><version>%s</version>
                  <dependencies>%s</dependencies>
                </project>
                """.formatted(artifactId, version, dependencies));
        Files.writeString(repo.resolve("test/group").resolve(artifactId).resolve("maven-metadata.xml"), """
                <metadata><groupId>test.group</groupId><artifactId>%s</artifactId>
                  <versioning><release>%s</release><versions><version>%s</version></versions></versioning>
                </metadata>
                """.formatted(artifactId, version, version));
    }

    /** A settings.xml whose mirror sends every repository, Central included, to the file:// repository. */
    private Path settingsMirroringTo(Path repo) throws IOException {
        Path m2 = Files.createDirectories(home.resolve(".m2"));
        Files.writeString(m2.resolve("settings.xml"), """
                <settings>
                  <localRepository>%s</localRepository>
                  <mirrors>
                    <mirror><id>test-repo</id><url>%s</url><mirrorOf>*</mirrorOf></mirror>
                  </mirrors>
                </settings>
                """.formatted(home.resolve("local-repo"), repo.toUri()));
        return m2;
    }

    @Test
    void installFromMavenCoordinatesResolvesTheNewestReleaseThroughTheSettingsMirrorOffline() throws IOException {
        Path repo = home.resolve("repo");
        deploy(repo, "good-plugin", "1.0.0", good("1.0.0"), """
                <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.20</version>
                </dependency>""");
        settingsMirroringTo(repo);

        Run r = run("install", "test.group:good-plugin");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().startsWith("Resolving test.group:good-plugin from test-repo (" + repo.toUri()), r.err());
        assertTrue(r.out().startsWith("Installed plugin good-plugin 1.0.0 by Example Inc. as "
                + user.resolve("good-plugin-1.0.0.jar")), r.out());
        assertTrue(Files.isRegularFile(home.resolve("local-repo/test/group/good-plugin/1.0.0/good-plugin-1.0.0.jar")),
                "resolved into the settings' localRepository");
        assertEquals(List.of("good-plugin-1.0.0.jar"), userFiles());
    }

    @Test
    void installFromCoordinatesRefusesAPluginThatNeedsLibrariesTheHostLacksAndNamesThem() throws IOException {
        Path repo = home.resolve("repo");
        Path lib = jars.jar("not-a-plugin").noDescriptor().writeTo(built, "lib.jar");
        deploy(repo, "helper-lib", "1.0", lib, "");
        deploy(repo, "needy-plugin", "1.0.0", good("1.0.0"), """
                <dependency><groupId>test.group</groupId><artifactId>helper-lib</artifactId><version>1.0</version>
                </dependency>""");
        settingsMirroringTo(repo);

        Run r = run("install", "test.group:needy-plugin:1.0.0");

        assertEquals(1, r.code());
        assertTrue(r.err().endsWith("harness-router plugins install: test.group:needy-plugin:1.0.0 needs"
                + " libraries harness-router does not provide: test.group:helper-lib:1.0. A plugin ships as one JAR:"
                + " shade them into it (maven-shade-plugin, see docs/plugins.md, \"Packaging a plugin that needs its"
                + " own libraries\"), or mark them provided if the host has them; nothing was copied\n"), r.err());
        assertEquals(List.of(), userFiles());

        Run unknown = run("install", "test.group:nothing-here:1.0");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("harness-router plugins install: cannot resolve test.group:nothing-here:1.0:"),
                unknown.err());
    }
}
