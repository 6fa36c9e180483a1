package dev.roadlab.engine.progress;

import dev.roadlab.engine.accounts.LearnerId;
/**
 * A learner just registered, with the token that identifies them from now on. Only the token's hash is stored, so
 * this is the one moment the token exists outside the learner's browser.
 *
 * @param id     the learner
 * @param token  43 URL-safe characters (256 random bits) for the cookie
 */
public record NewLearner(LearnerId id, String token) {

    @Override
    public String toString() {
        return "NewLearner[id=" + id + ", token=***]";
    }
}
