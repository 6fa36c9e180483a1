package dev.roadlab.grader.testing;

import dev.roadlab.grader.lab.LabCatalog;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The grader's own test labs (under fixture-labs/, not labs/, so no other module's catalog picks them up). */
public final class FixtureLabs {

    private FixtureLabs() {
    }

    public static LabCatalog catalog() {
        try {
            Path folder = Path.of(FixtureLabs.class.getClassLoader().getResource("fixture-labs").toURI());
            return LabCatalog.fromFolder(folder, FixtureLabs.class.getClassLoader());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
