/**
 * Finding harnesses: built-ins on the host class path ({@link java.util.ServiceLoader}) and PF4J
 * plugin JARs in the user and bundled plugin directories ({@link io.harnessrouter.host.plugins.PluginDirs}),
 * loaded with fault isolation by {@link io.harnessrouter.host.plugins.HarnessRegistry}; and the
 * {@link io.harnessrouter.host.plugins.DefaultHarnessContext} the host lends every plugin.
 */
package io.harnessrouter.host.plugins;
