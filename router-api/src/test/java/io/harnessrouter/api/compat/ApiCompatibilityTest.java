package io.harnessrouter.api.compat;

import static org.junit.jupiter.api.Assertions.fail;

import io.harnessrouter.api.FailureKind;
import io.harnessrouter.api.testkit.HarnessContractTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The build check that router-api stays binary compatible: the API of the compiled classes (and of
 * the test kit plugins' tests extend) is compared with the dump recorded in {@code router-api/api/}.
 * A break fails the build with what broke. An addition fails too, until it is recorded with
 * {@code mvn -pl router-api test -Dtest=ApiCompatibilityTest -Dapi.record=true}, so every change
 * to the API shows up in review as a change to the dump, and the next change is checked against it.
 * The dump recorded at a release is the baseline the next release is held to.
 */
class ApiCompatibilityTest {

    private static final String HEADER = "# The binary API of router-api that compiled plugins link against (erased types).\n"
            + "# Checked by ApiCompatibilityTest on every build; written by it with -Dapi.record=true.\n"
            + "# Edit the API, not this file: docs/plugins.md, \"Compatibility: what a plugin can count on\".\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "router-api.api, main, io.harnessrouter.api",
        "router-api-testkit.api, testkit, io.harnessrouter.api.testkit",
    })
    void theCompiledApiIsTheRecordedOneOrACompatibleGrowthOfIt(String dumpFile, String classes, String pkg)
            throws IOException {
        Path root = classesRoot(classes.equals("main") ? FailureKind.class : HarnessContractTest.class);
        String current = ApiSignatures.dump(root, pkg, getClass().getClassLoader());
        Path recordedFile = moduleDir().resolve("api").resolve(dumpFile);
        String recorded = Files.exists(recordedFile) ? Files.readString(recordedFile, StandardCharsets.UTF_8) : "";
        ApiCompatibility.Report report = ApiCompatibility.compare(recorded, current);
        if (!report.compatible()) {
            fail("router-api is no longer binary compatible with " + recordedFile + " (a plugin compiled against it"
                    + " would fail to link). Keep the old signature as an overload or a default method instead:\n  "
                    + String.join("\n  ", report.breaks()));
        }
        if (Boolean.getBoolean("api.record")) {
            Files.writeString(recordedFile, HEADER + current, StandardCharsets.UTF_8);
            return;
        }
        if (!report.identical()) {
            fail("router-api grew compatibly but " + recordedFile + " does not record it yet. Check the additions"
                    + " are meant to be public API (with @since), then record them:\n"
                    + "  mvn -pl router-api test -Dtest=ApiCompatibilityTest -Dapi.record=true\n  "
                    + String.join("\n  ", report.unrecorded()));
        }
    }

    private static Path classesRoot(Class<?> anyClass) {
        try {
            return Paths.get(anyClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        return Paths.get(basedir != null ? basedir : System.getProperty("user.dir"));
    }
}
