package dev.roadlab.engine.cohorts;

/**
 * An invite just made, with its secret: the only moment the link can be shown.
 *
 * @param token the secret in the link {@code /join/{token}}
 */
public record NewInvite(Invite invite, String token) {

    @Override
    public String toString() {
        return "NewInvite[" + invite + "]";
    }
}
