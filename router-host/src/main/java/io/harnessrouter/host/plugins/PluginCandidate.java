package io.harnessrouter.host.plugins;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;

/**
 * A plugin JAR whose descriptor was read before any class of it is loaded.
 *
 * @param jar               the JAR file
 * @param dir               the plugins directory it was found in
 * @param descriptor        its PF4J descriptor (manifest {@code Plugin-*} entries or
 *                          {@code plugin.properties})
 * @param hasExtensionIndex whether it carries {@code META-INF/extensions.idx}
 */
record PluginCandidate(Path jar, Path dir, PluginDescriptor descriptor, boolean hasExtensionIndex) {

    String id() {
        return descriptor.getPluginId();
    }

    String version() {
        return descriptor.getVersion();
    }

    List<PluginDependency> dependencies() {
        return descriptor.getDependencies();
    }

    /** {@code plugin <id>@<version> (<jar>)}: how problems and harness sources name this plugin. */
    String label() {
        return "plugin " + id() + "@" + version() + " (" + jar + ")";
    }
}
