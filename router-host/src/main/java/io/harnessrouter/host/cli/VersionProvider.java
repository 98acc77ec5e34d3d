package io.harnessrouter.host.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version stamped into the host jar's manifest ("dev" when run from classes). */
final class VersionProvider implements IVersionProvider {

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"harness-router " + version()};
    }
}
