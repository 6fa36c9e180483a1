package dev.roadlab.engine.web.view;

import dev.roadlab.engine.accounts.AccessToken;
import dev.roadlab.engine.accounts.Scope;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The personal access tokens page.
 *
 * @param layout     the frame
 * @param tokens     the signed-in person's tokens, newest first
 * @param created    the token just made, shown this once; null otherwise
 * @param secret     its secret; null otherwise
 * @param problems   why the create form was refused; empty otherwise
 * @param scopes     the scopes this person may give a token
 * @param csrfToken  for the forms
 * @param now        to tell live tokens from expired ones
 */
public record TokensView(Layout layout, List<AccessToken> tokens, AccessToken created, String secret,
                         List<String> problems, List<Scope> scopes, String csrfToken, OffsetDateTime now) {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT);

    public TokensView {
        tokens = List.copyOf(tokens);
        problems = List.copyOf(problems);
        scopes = List.copyOf(scopes);
    }

    public static String when(OffsetDateTime time) {
        return time.withOffsetSameInstant(ZoneOffset.UTC).format(WHEN);
    }

    public static String when(Optional<OffsetDateTime> time, String otherwise) {
        return time.map(TokensView::when).orElse(otherwise);
    }

    public static String scopes(AccessToken token) {
        return token.scopes().stream().sorted().map(Scope::wireName).collect(Collectors.joining(", "));
    }

    /** "live", "expired" or "revoked". */
    public String state(AccessToken token) {
        if (token.revoked().isPresent()) {
            return "revoked";
        }
        return token.live(now) ? "live" : "expired";
    }
}
