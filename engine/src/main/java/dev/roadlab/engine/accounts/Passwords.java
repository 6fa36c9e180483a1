package dev.roadlab.engine.accounts;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id through password4j, at OWASP's minimum for Argon2id: 19 MiB of memory, two passes, one lane. Hashes are
 * PHC strings, so a hash made with other parameters (stronger ones later) still verifies.
 */
public final class Passwords {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;
    static final int PARALLELISM = 1;
    private static final Argon2Function ARGON2ID = Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32,
            Argon2.ID);
    /** Verified against when the login is unknown, so that an unknown login costs the same time as a wrong password. */
    private static final String DECOY = hashOf("decoy password that nobody has");

    private Passwords() {
    }

    /** The PHC string of a new random-salted hash. */
    public static String hashOf(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2ID).getResult();
    }

    /** Whether {@code password} matches {@code hash} (parameters read from the hash). */
    public static boolean matches(String password, String hash) {
        try {
            return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
        } catch (RuntimeException unreadable) {
            return false;
        }
    }

    /** Spends the time of one verification, for a login that does not exist. */
    static void verifyDecoy(String password) {
        matches(password, DECOY);
    }
}
