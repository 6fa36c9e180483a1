package dev.roadlab.engine.progress;

import dev.roadlab.engine.accounts.LearnerId;
import static dev.roadlab.engine.db.jooq.Tables.ACCOUNTS;
import static dev.roadlab.engine.db.jooq.Tables.LEARNERS;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import dev.roadlab.engine.db.cache.RecentReads;
import org.jooq.DSLContext;

/**
 * Anonymous learners: an identity without an account, carried by a random token the learner's browser keeps. The
 * database holds only the token's SHA-256, so a copy of the database does not let anyone act as a learner. A plain
 * hash is enough here, unlike for passwords: the token has 256 random bits, so there is nothing to guess.
 */
public final class LearnerService {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DSLContext dsl;
    private final Clock clock;
    /** Who each recently seen token is: a page asks on every request (see {@link RecentReads}). */
    private final RecentReads.Answers<String, Optional<LearnerId>> known;

    public LearnerService(DSLContext dsl, Clock clock) {
        this.dsl = dsl;
        this.clock = clock;
        this.known = RecentReads.of(dsl).answers(10_000);
    }

    /** A new learner and their token. */
    public NewLearner register() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = dsl.insertInto(LEARNERS)
                .set(LEARNERS.TOKEN_HASH, hash(token))
                .set(LEARNERS.CREATED_AT, OffsetDateTime.now(clock))
                .returningResult(LEARNERS.ID)
                .fetchOne(LEARNERS.ID);
        return new NewLearner(new LearnerId(id), token);
    }

    /**
     * The anonymous learner a token identifies; empty for a malformed or unknown token (say, from a database since
     * reset) and for a learner an account has claimed (their progress is reached by signing in, not by the cookie).
     */
    public Optional<LearnerId> identify(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return known.get(token, this::read);
    }

    private Optional<LearnerId> read(String token) {
        return dsl.select(LEARNERS.ID).from(LEARNERS).where(LEARNERS.TOKEN_HASH.eq(hash(token)))
                .andNotExists(dsl.selectOne().from(ACCOUNTS).where(ACCOUNTS.LEARNER_ID.eq(LEARNERS.ID)))
                .fetchOptional(LEARNERS.ID).map(LearnerId::new);
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
