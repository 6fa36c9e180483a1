package dev.roadlab.grader.sandbox;

import java.util.Locale;

/** {@code ROADLAB_SANDBOX_PROVIDER}: which provider gives sandboxes. */
public enum ProviderMode {
    /** Per kind, the configured servers where given, else Docker. */
    AUTO,
    /** Testcontainers only. */
    CONTAINERS,
    /** Administrator-given servers and local binaries only. */
    SERVERS;

    public static ProviderMode parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sandbox provider '" + text + "' is not one of auto, containers, servers");
        }
    }

    /** The provider a kind gets under this mode. */
    public Provider providerFor(SandboxType<?> type, SandboxSettings settings) {
        return switch (this) {
            case CONTAINERS -> Provider.CONTAINERS;
            case SERVERS -> Provider.SERVERS;
            case AUTO -> type.serversConfigured(settings) ? Provider.SERVERS : Provider.CONTAINERS;
        };
    }
}
