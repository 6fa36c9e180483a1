package dev.roadlab.engine.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (or "dev" when run from classes). */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"roadlab " + (version == null ? "dev" : version)};
    }
}
