package io.harnessrouter.host.plugins;

import java.util.Objects;

/**
 * One plugin (or one plugin JAR) the registry could not use, or one harness it had to drop, with
 * what went wrong and what the user should do. {@code doctor} and {@code plugins list} print these;
 * the server logs each once at startup and keeps serving with the plugins that did load.
 *
 * @param plugin  what the problem is about: {@code plugin <id>@<version> (<jar>)} when the
 *                descriptor could be read, else the JAR path
 * @param problem what went wrong, for example {@code requires harness-router >=9.0.0, this is 0.1.0}
 * @param fix     what to do next, for example {@code declare router-api with <scope>provided</scope>}
 */
public record PluginProblem(String plugin, String problem, String fix) {

    public PluginProblem {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(fix, "fix");
    }

    /** {@code <plugin>: <problem>; <fix>}, one line for logs and {@code doctor}. */
    @Override
    public String toString() {
        return plugin + ": " + problem + "; " + fix;
    }
}
