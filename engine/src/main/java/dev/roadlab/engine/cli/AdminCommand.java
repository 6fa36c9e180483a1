package dev.roadlab.engine.cli;

import dev.roadlab.engine.Roadlab;
import dev.roadlab.engine.accounts.Account;
import dev.roadlab.engine.accounts.AccountProblem;
import dev.roadlab.engine.accounts.AccountService;
import dev.roadlab.engine.accounts.Role;
import dev.roadlab.engine.config.RoadlabConfig;
import dev.roadlab.engine.db.Database;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code roadlab admin}: account chores on Roadlab's database from the machine it runs on, with no server and no
 * sign-in (whoever can run this can read the database anyway). The first admin is made here or from
 * ROADLAB_ADMIN_LOGIN/ROADLAB_ADMIN_PASSWORD; creating one makes an {@code auto} Roadlab hosted.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Accounts on Roadlab's database, from the machine it runs on.",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.ResetLink.class, AdminCommand.ListUsers.class})
final class AdminCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Opens the database and the account services on it; closing closes the database. */
    private record Session(Database database, Roadlab.Services services) implements AutoCloseable {

        static Session open(RoadlabConfig config) {
            Database database = Database.open(config.database());
            return new Session(database, Roadlab.Services.create(config, database, Clock.systemUTC()));
        }

        AccountService.Operator operator() {
            return services.accounts().operator();
        }

        @Override
        public void close() {
            database.close();
        }
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true,
            description = {"Create an account. The password is read from standard input (one line), so it stays out of",
                    "the shell history and the process list: echo 'long password' | roadlab admin create-user ..."})
    static final class CreateUser implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--login", required = true, description = "What they sign in with (2-32 letters, digits, . _ -).")
        String login;

        @Option(names = "--name", description = "Their name as pages show it (default: the login).")
        String name;

        @Option(names = "--role", defaultValue = "learner", description = "learner, instructor or admin (default learner).")
        String role;

        @Option(names = "--admin", description = "Same as --role admin.")
        boolean admin;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Role chosen;
            try {
                chosen = admin ? Role.ADMIN : Role.fromWireName(role);
            } catch (IllegalArgumentException e) {
                err.println("--role: '" + role + "' is not a role: learner, instructor or admin.");
                return 2;
            }
            String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                err.println("Give the password on standard input, one line: echo 'a long password' | roadlab admin"
                        + " create-user --login " + login);
                return 2;
            }
            try (Session s = Session.open(options.load())) {
                Account created = s.services().accounts().create(login, name == null ? login : name, password, chosen,
                        Optional.empty());
                out.printf("Created %s '%s' (%s).%s%n", chosen.wireName(), created.login(), created.displayName(),
                        chosen == Role.ADMIN ? " Roadlab now asks everyone to sign in (hosted mode)." : "");
                return 0;
            } catch (AccountProblem e) {
                err.println("Not created: " + e.getMessage() + ".");
                return 2;
            }
        }
    }

    @Command(name = "reset-link", mixinStandardHelpOptions = true,
            description = "Print a one-time link (valid 24 hours) with which the account's owner chooses a new password.")
    static final class ResetLink implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Option(names = "--login", required = true, description = "Whose password.")
        String login;

        @Option(names = "--url", defaultValue = "http://localhost:7070",
                description = "Where people reach this Roadlab (default http://localhost:7070).")
        String url;

        @Override
        public Integer call() {
            RoadlabConfig config = options.load();
            try (Session s = Session.open(config)) {
                Optional<Account> account = s.operator().find(login);
                if (account.isEmpty()) {
                    spec.commandLine().getErr().println("There is no account '" + login + "'.");
                    return 2;
                }
                String token = s.operator().resetToken(account.get().id());
                spec.commandLine().getOut().println(url.replaceAll("/+$", "") + config.http().basePath() + "/reset/"
                        + token);
                return 0;
            }
        }
    }

    @Command(name = "list-users", mixinStandardHelpOptions = true, description = "List the accounts: login, role, name.")
    static final class ListUsers implements Callable<Integer> {

        @Mixin
        ConfigOptions options;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Session s = Session.open(options.load())) {
                for (Account a : s.operator().list()) {
                    spec.commandLine().getOut().printf("%-32s %-10s %s%n", a.login(), a.role().wireName(),
                            a.displayName());
                }
                return 0;
            }
        }
    }
}
