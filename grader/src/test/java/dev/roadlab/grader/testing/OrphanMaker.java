package dev.roadlab.grader.testing;

import dev.roadlab.grader.sandbox.ProviderMode;
import dev.roadlab.grader.sandbox.RunSandbox;
import dev.roadlab.grader.sandbox.SandboxSettings;
import java.util.Map;
import java.util.TreeMap;

/**
 * A grader that crashes: run as its own process by {@link SandboxContract}, it opens a kind on the servers the test
 * names, leases a run, uses it, prints what names the run, and waits to be killed, leaving the run behind.
 *
 * <p>Arguments: the contract test class, the provider mode, warm-per-lab, then {@code kind.key=value} settings.
 */
public final class OrphanMaker {

    static final String MARK = "ORPHAN ";

    private OrphanMaker() {
    }

    public static void main(String[] args) throws Exception {
        var constructor = Class.forName(args[0]).getDeclaredConstructor();
        constructor.setAccessible(true);
        SandboxContract<?> contract = (SandboxContract<?>) constructor.newInstance();
        Map<String, String> values = new TreeMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            values.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        SandboxSettings settings = new SandboxSettings(ProviderMode.valueOf(args[1]), Integer.parseInt(args[2]), values);
        RunSandbox run = contract.leaseForOrphan(settings);
        contract.use(run);
        System.out.println(MARK + contract.identity(run));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
