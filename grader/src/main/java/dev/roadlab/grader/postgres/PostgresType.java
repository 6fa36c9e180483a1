package dev.roadlab.grader.postgres;

import dev.roadlab.grader.sandbox.Provider;
import dev.roadlab.grader.sandbox.SandboxBackend;
import dev.roadlab.grader.sandbox.SandboxSetting;
import dev.roadlab.grader.sandbox.SandboxSettings;
import dev.roadlab.grader.sandbox.SandboxType;
import dev.roadlab.grader.sandbox.SpecSection;
import dev.roadlab.grader.yaml.YamlFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * PostgreSQL sandboxes: per run a database cloned from the lab's seeded template, owned by a fresh powerless role.
 *
 * <pre>{@code
 * sandboxes: [postgres]
 * postgres:
 *   seed: seed.sql          # run once per server into the lab's template
 *   connections: 4          # a run's connection limit per role (1-200, default 8)
 *   roles: [app_user]       # extra roles checks connect as (LabDatabase.connectAs)
 *   max-size: 1 GB          # a run's database past this is stopped, as the learner's doing (default 1 GB)
 * }</pre>
 */
public final class PostgresType implements SandboxType<PostgresSpec> {

    public static final String NAME = "postgres";
    public static final String DEFAULT_IMAGE = "postgres:17-alpine";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    private static final Set<String> RESERVED_ROLES = Set.of("public", "postgres", "none", "current_user",
            "session_user", "current_role");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "PostgreSQL: a database per run, cloned from the lab's seeded template";
    }

    @Override
    public List<SandboxSetting> settings() {
        return List.of(
                SandboxSetting.of("url", "Admin URL of a PostgreSQL dedicated to grading (servers provider), e.g. "
                        + "postgresql://postgres@127.0.0.1:5432/postgres.").checked(PostgresType::urlProblem),
                SandboxSetting.of("image", "Image of the containers provider's PostgreSQL.", DEFAULT_IMAGE));
    }

    private static Optional<String> urlProblem(String url) {
        try {
            PostgresServer.fromUrl(url);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public PostgresSpec spec(SpecSection section) {
        YamlFields pg = section.fields();
        pg.allowOnly(List.of("seed", "connections", "roles", "max-size"));
        String seed = pg.requiredText("seed").map(file -> section.files().text(file).orElseGet(() -> {
            pg.problem("seed", "no file '" + file + "' in the lab folder");
            return "";
        })).orElse("");
        int connections = pg.integer("connections", 1, 200).orElse(8);
        List<String> roles = new ArrayList<>();
        for (String role : pg.texts("roles")) {
            if (!ROLE.matcher(role).matches() || role.startsWith("pg_") || role.startsWith("rl_")
                    || role.startsWith("roadlab") || RESERVED_ROLES.contains(role)) {
                pg.problem("roles", "'" + role + "' is not a role name a lab may use (lower-case letters, digits"
                        + " and _, at most 31, not pg_/rl_/roadlab or a reserved name)");
            } else if (roles.contains(role)) {
                pg.problem("roles", "'" + role + "' is listed twice");
            } else {
                roles.add(role);
            }
        }
        long maxBytes = pg.size("max-size").orElse(PostgresSpec.DEFAULT_MAX_BYTES);
        if (maxBytes < 16L * 1024 * 1024) {
            pg.problem("max-size", "must be at least 16 MB");
        }
        return new PostgresSpec(seed, connections, roles, maxBytes);
    }

    @Override
    public Set<Class<?>> provides() {
        return Set.of(LabDatabase.class);
    }

    @Override
    public boolean serversConfigured(SandboxSettings settings) {
        return settings.given(NAME + ".url").isPresent();
    }

    @Override
    public SandboxBackend<PostgresSpec> open(Provider provider, SandboxSettings settings) {
        return switch (provider) {
            case CONTAINERS -> PostgresBackend.inContainer(settings.required(this, "image"), settings.warmPerLab());
            case SERVERS -> PostgresBackend.onServer(settings.value(this, "url").map(PostgresServer::fromUrl),
                    settings.warmPerLab());
        };
    }
}
