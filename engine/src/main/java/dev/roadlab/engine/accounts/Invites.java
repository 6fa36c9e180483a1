package dev.roadlab.engine.accounts;

/**
 * Invite links, as sign-up sees them: with {@code ROADLAB_SIGNUP=invite} an account can only be created with a
 * usable invite, and the new account is then redeemed into the invite's cohort. The cohorts service implements it.
 */
public interface Invites {

    /** No invites exist. */
    Invites NONE = new Invites() {
        @Override
        public boolean usable(String token) {
            return false;
        }

        @Override
        public void redeem(String token, Account account) {
            throw new AccountProblem("this invite link is not valid");
        }
    };

    /** Whether the invite's secret names an invite that has not expired nor been revoked. */
    boolean usable(String token);

    /**
     * Makes the account a learner of the invite's cohort.
     *
     * @throws AccountProblem when the invite is no longer usable
     */
    void redeem(String token, Account account);
}
