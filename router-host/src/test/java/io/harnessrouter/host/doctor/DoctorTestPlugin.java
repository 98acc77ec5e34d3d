package io.harnessrouter.host.doctor;

import io.harnessrouter.api.Harness;
import io.harnessrouter.host.doctor.testplugin.FakeApiHarness;
import io.harnessrouter.host.doctor.testplugin.FakeClaudeHarness;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Packs the compiled test harnesses of {@code io.harnessrouter.host.doctor.testplugin} into a
 * real PF4J plugin JAR, so doctor tests load them through the same registry code as the server
 * (the bundled plugins are built after router-host and are not on its test class path).
 */
public final class DoctorTestPlugin {

    private static final String PACKAGE = "io/harnessrouter/host/doctor/testplugin/";

    private DoctorTestPlugin() {
    }

    /** A plugins directory under {@code parent} holding one plugin with the fake Claude and API harnesses. */
    public static Path pluginsDir(Path parent) {
        return pluginsDir(parent, List.of(FakeClaudeHarness.class, FakeApiHarness.class));
    }

    /** A plugins directory under {@code parent} holding one plugin with exactly these harnesses. */
    public static Path pluginsDir(Path parent, List<Class<? extends Harness>> harnesses) {
        Path dir = parent.resolve("plugins");
        try {
            Files.createDirectories(dir);
            writeJar(dir.resolve("doctor-test-plugin.jar"), harnesses);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJar(Path jar, List<Class<? extends Harness>> harnesses) throws IOException {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", "doctor-test");
        main.putValue("Plugin-Version", "1.0.0");
        main.putValue("Plugin-Requires", ">=0.0.0");
        Path classes = classesRoot().resolve(PACKAGE);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf);
                Stream<Path> files = Files.list(classes)) {
            for (Path cls : files.sorted().toList()) {
                put(out, PACKAGE + cls.getFileName(), Files.readAllBytes(cls));
            }
            String index = harnesses.stream().map(Class::getName).collect(Collectors.joining("\n", "", "\n"));
            put(out, "META-INF/extensions.idx", index.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Path classesRoot() {
        try {
            return Path.of(FakeClaudeHarness.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(bytes);
        out.closeEntry();
    }
}
