package io.harnessrouter.host.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.maven.settings.Mirror;
import org.apache.maven.settings.Profile;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.Settings;
import org.apache.maven.settings.io.xpp3.SettingsXpp3Reader;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.Exclusion;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.artifact.JavaScopes;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.AuthenticationBuilder;
import org.eclipse.aether.util.repository.DefaultAuthenticationSelector;
import org.eclipse.aether.util.repository.DefaultMirrorSelector;
import org.eclipse.aether.version.Version;

/**
 * Resolves {@code groupId:artifactId[:version]} to a plugin JAR with Maven Resolver, the way the
 * user's Maven would: the repositories of {@code ~/.m2/settings.xml} (Maven Central, plus those of
 * its active profiles), its mirrors, server credentials, {@code localRepository} and
 * {@code offline}; a local or {@code file://} repository works without a network. Without a version
 * it takes the newest release. It resolves the plugin's runtime dependencies too, leaving out what
 * the host provides (router-api, PF4J, SLF4J, Jackson, and any library on the host's class path); the
 * plugin must not need anything else, since a plugin ships as one JAR (shade its libraries; see
 * docs/plugins.md), and is refused with the list when it does.
 *
 * <p>Only {@code plugins install} uses this class, so the resolver's classes are never loaded by
 * the server. Not thread-safe; one instance per install.
 */
public final class MavenPluginResolver {

    private static final Pattern COORDINATES = Pattern.compile("[\\w.\\-]+:[\\w.\\-]+(:[\\w.\\-+]+)?");
    private static final String CENTRAL = "https://repo.maven.apache.org/maven2/";
    /** What the host's class loader gives every plugin: never copied beside one. */
    private static final Set<String> HOST_PROVIDED = Set.of("io.harnessrouter:router-api", "org.pf4j:pf4j",
            "org.slf4j:slf4j-api", "com.fasterxml.jackson.core:jackson-databind",
            "com.fasterxml.jackson.core:jackson-core", "com.fasterxml.jackson.core:jackson-annotations");

    private final Path home;

    /** @param home the user's home directory, where {@code .m2/settings.xml} is read */
    public MavenPluginResolver(Path home) {
        this.home = home;
    }

    /** Whether {@code text} has the form {@code groupId:artifactId[:version]}. */
    public static boolean looksLikeCoordinates(String text) {
        return COORDINATES.matcher(text).matches();
    }

    /**
     * The plugin JAR in the local repository, downloaded first if needed.
     *
     * @param progress where to say which repositories are used and what was resolved
     * @throws PluginInstallException when it cannot be resolved or needs libraries the host lacks
     */
    public Path resolve(String coordinates, PrintWriter progress) throws PluginInstallException {
        String[] parts = coordinates.split(":");
        Settings settings = settings();
        RepositorySystem system = new RepositorySystemSupplier().get();
        try (CloseableSession session = session(system, settings)) {
            List<RemoteRepository> repos = system.newResolutionRepositories(session, repositories(settings));
            progress.println("Resolving " + coordinates + " from " + String.join(", ",
                    repos.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").toList())
                    + " into " + session.getLocalRepository().getBasePath());
            String version = parts.length == 3 ? parts[2] : newestRelease(system, session, repos, parts);
            Artifact root = new DefaultArtifact(parts[0], parts[1], "jar", version);
            List<Exclusion> exclusions = HOST_PROVIDED.stream()
                    .map(ga -> new Exclusion(ga.split(":")[0], ga.split(":")[1], "*", "*")).toList();
            CollectRequest collect = new CollectRequest(new Dependency(root, JavaScopes.RUNTIME, false, exclusions),
                    repos);
            List<ArtifactResult> results = system.resolveDependencies(session,
                    new DependencyRequest(collect, DependencyFilterUtils.classpathFilter(JavaScopes.RUNTIME)))
                    .getArtifactResults();
            Path jar = null;
            List<String> extra = new ArrayList<>();
            for (ArtifactResult result : results) {
                Artifact a = result.getArtifact();
                if (a.getGroupId().equals(root.getGroupId()) && a.getArtifactId().equals(root.getArtifactId())) {
                    jar = a.getPath();
                } else if (!hostProvides(a)) {
                    extra.add(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion());
                }
            }
            if (jar == null) {
                throw new PluginInstallException(coordinates + " resolved to no JAR");
            }
            if (!extra.isEmpty()) {
                throw new PluginInstallException(parts[0] + ":" + parts[1] + ":" + version + " needs libraries harness-router does"
                        + " not provide: " + String.join(", ", extra) + ". A plugin ships as one JAR: shade them into"
                        + " it (maven-shade-plugin, see docs/plugins.md, \"Packaging a plugin that needs its own"
                        + " libraries\"), or mark them provided if the host has them; nothing was copied");
            }
            progress.println("Resolved " + parts[0] + ":" + parts[1] + ":" + version + " to " + jar);
            progress.flush();
            return jar;
        } catch (org.eclipse.aether.RepositoryException e) {
            throw new PluginInstallException("cannot resolve " + coordinates + ": " + firstLine(e));
        } catch (RuntimeException e) {
            throw new PluginInstallException("cannot resolve " + coordinates + ": " + Failures.describe(e));
        } finally {
            system.shutdown();
        }
    }

    private String newestRelease(RepositorySystem system, CloseableSession session, List<RemoteRepository> repos,
            String[] parts) throws org.eclipse.aether.RepositoryException, PluginInstallException {
        VersionRangeResult range = system.resolveVersionRange(session, new VersionRangeRequest(
                new DefaultArtifact(parts[0], parts[1], "jar", "[0,)"), repos, null));
        Optional<Version> newest = range.getVersions().stream().filter(v -> !v.toString().endsWith("-SNAPSHOT"))
                .reduce((a, b) -> b);
        return newest.map(Version::toString).orElseThrow(() -> new PluginInstallException(
                "no released version of " + parts[0] + ":" + parts[1] + " in " + String.join(", ",
                        repos.stream().map(RemoteRepository::getUrl).toList())
                        + "; name one: " + parts[0] + ":" + parts[1] + ":<version>"));
    }

    /** True when a JAR of this artifact is on the host's class path (it carries Maven's pom.properties). */
    private static boolean hostProvides(Artifact a) {
        String ga = a.getGroupId() + ":" + a.getArtifactId();
        return HOST_PROVIDED.contains(ga) || MavenPluginResolver.class.getClassLoader()
                .getResource("META-INF/maven/" + a.getGroupId() + "/" + a.getArtifactId() + "/pom.properties") != null;
    }

    private CloseableSession session(RepositorySystem system, Settings settings) {
        Path local = Optional.ofNullable(settings.getLocalRepository()).filter(s -> !s.isBlank())
                .map(s -> Path.of(s.replace("${user.home}", home.toString()).replaceFirst("^~/", home + "/")))
                .orElse(home.resolve(".m2").resolve("repository"));
        DefaultMirrorSelector mirrors = new DefaultMirrorSelector();
        for (Mirror m : settings.getMirrors()) {
            mirrors.add(m.getId(), m.getUrl(), m.getLayout(), false, m.isBlocked(), m.getMirrorOf(),
                    m.getMirrorOfLayouts());
        }
        DefaultAuthenticationSelector auth = new DefaultAuthenticationSelector();
        for (Server s : settings.getServers()) {
            auth.add(s.getId(), new AuthenticationBuilder().addUsername(s.getUsername()).addPassword(s.getPassword())
                    .addPrivateKey(s.getPrivateKey(), s.getPassphrase()).build());
        }
        return new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(local)
                .setOffline(settings.isOffline())
                .setMirrorSelector(mirrors)
                .setAuthenticationSelector(auth)
                .setSystemProperties(System.getProperties())
                .build();
    }

    private List<RemoteRepository> repositories(Settings settings) {
        List<RemoteRepository> repos = new ArrayList<>();
        repos.add(new RemoteRepository.Builder("central", "default", CENTRAL).build());
        for (Profile p : settings.getProfiles()) {
            boolean active = settings.getActiveProfiles().contains(p.getId())
                    || (p.getActivation() != null && p.getActivation().isActiveByDefault());
            if (active) {
                p.getRepositories().forEach(r -> repos.add(
                        new RemoteRepository.Builder(r.getId(), "default", r.getUrl()).build()));
            }
        }
        return repos;
    }

    private Settings settings() throws PluginInstallException {
        Path file = home.resolve(".m2").resolve("settings.xml");
        if (!Files.isRegularFile(file)) {
            return new Settings();
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new SettingsXpp3Reader().read(in, false);
        } catch (IOException | org.codehaus.plexus.util.xml.pull.XmlPullParserException e) {
            throw new PluginInstallException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String firstLine(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
