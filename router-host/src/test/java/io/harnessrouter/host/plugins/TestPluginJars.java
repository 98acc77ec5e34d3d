package io.harnessrouter.host.plugins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.harnessrouter.api.Harness;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.pf4j.Plugin;

/**
 * Builds real PF4J plugin JARs at test time: Java sources compiled with the system compiler against
 * router-api and PF4J, a manifest descriptor, and {@code META-INF/extensions.idx} written the way
 * PF4J's annotation processor writes it.
 */
public final class TestPluginJars {

    private final Path classes;

    private TestPluginJars(Path classes) {
        this.classes = classes;
    }

    /** Compiles {@code sources} (fully qualified class name to source text) into {@code workDir}. */
    public static TestPluginJars compile(Path workDir, Map<String, String> sources) throws IOException {
        Path src = workDir.resolve("src");
        Path out = workDir.resolve("classes");
        Files.createDirectories(out);
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            files.add(file);
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-proc:none", "--release", "17", "-d", out.toString(),
                    "-classpath", locationOf(Harness.class) + java.io.File.pathSeparator + locationOf(Plugin.class)
                            + java.io.File.pathSeparator + locationOf(org.slf4j.Logger.class));
            boolean ok = javac.getTask(null, fm, null, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            assertTrue(ok, "test plugin sources compile");
        }
        return new TestPluginJars(out);
    }

    /** Starts a plugin JAR with the given descriptor id and version 1.0.0. */
    public Jar jar(String pluginId) {
        return new Jar(pluginId);
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One plugin JAR being described; {@link #writeTo} builds it. */
    public final class Jar {
        private final Map<String, String> manifest = new LinkedHashMap<>();
        private final List<String> packages = new ArrayList<>();
        private final List<String> extensions = new ArrayList<>();
        private boolean bundleApi;

        private Jar(String pluginId) {
            manifest.put("Plugin-Id", pluginId);
            manifest.put("Plugin-Version", "1.0.0");
            manifest.put("Plugin-Requires", ">=0.1.0");
        }

        public Jar version(String version) {
            manifest.put("Plugin-Version", version);
            return this;
        }

        public Jar requires(String requires) {
            manifest.put("Plugin-Requires", requires);
            return this;
        }

        public Jar dependencies(String dependencies) {
            manifest.put("Plugin-Dependencies", dependencies);
            return this;
        }

        public Jar pluginClass(String className) {
            manifest.put("Plugin-Class", className);
            return this;
        }

        /** Sets any other manifest entry, such as {@code Plugin-Provider}. */
        public Jar manifest(String key, String value) {
            manifest.put(key, value);
            return this;
        }

        public Jar noDescriptor() {
            manifest.clear();
            return this;
        }

        /** Includes every compiled class of this package. */
        public Jar classesOf(String packageName) {
            packages.add(packageName.replace('.', '/') + "/");
            return this;
        }

        /** Lists the class in {@code META-INF/extensions.idx}. */
        public Jar extension(String className) {
            extensions.add(className);
            return this;
        }

        /** Also packs the SPI's {@code Harness.class}, as a plugin with router-api at compile scope would. */
        public Jar bundlingApi() {
            bundleApi = true;
            return this;
        }

        public Path writeTo(Path dir, String fileName) throws IOException {
            Files.createDirectories(dir);
            Path jar = dir.resolve(fileName);
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, mf)) {
                for (String pkg : packages) {
                    addClasses(out, pkg);
                }
                if (!extensions.isEmpty()) {
                    put(out, PluginScanner.EXTENSION_INDEX,
                            ("# Generated by PF4J\n" + String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
                }
                if (bundleApi) {
                    try (InputStream in = Harness.class.getResourceAsStream("Harness.class")) {
                        put(out, "io/harnessrouter/api/Harness.class", in.readAllBytes());
                    }
                }
            }
            return jar;
        }

        private void addClasses(JarOutputStream out, String pkg) throws IOException {
            try (Stream<Path> files = Files.list(classes.resolve(pkg))) {
                for (Path file : files.sorted().toList()) {
                    put(out, pkg + file.getFileName(), Files.readAllBytes(file));
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        private void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
            out.putNextEntry(new JarEntry(name));
            out.write(bytes);
            out.closeEntry();
        }
    }
}
