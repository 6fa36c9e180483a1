package dev.roadlab.engine.accounts;

/**
 * A token just created: the only time its secret is known to anyone but the person it is shown to.
 *
 * @param token  what the list will show of it
 * @param secret {@code rl_...}, for the Authorization header; not stored
 */
public record NewAccessToken(AccessToken token, String secret) {

    @Override
    public String toString() {
        return "NewAccessToken[" + token + ", secret=(hidden)]";
    }
}
