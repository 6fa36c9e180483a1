package dev.roadlab.engine.course;

import java.util.Locale;
import java.util.Optional;
import org.commonmark.node.CustomBlock;

/**
 * A callout: a block quote that starts with a GitHub alert marker such as {@code [!NOTE]}, rendered as a labelled
 * aside instead of a quotation.
 */
public final class Callout extends CustomBlock {

    /** The five kinds GitHub's alert syntax knows, each with the label a reader sees. */
    public enum Kind {
        NOTE("Note"), TIP("Tip"), IMPORTANT("Important"), WARNING("Warning"), CAUTION("Caution");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** The CSS class suffix: "note", "warning" ... */
        public String cssName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a marker such as "[!NOTE]" names, case-insensitively, if it names one. */
        static Optional<Kind> ofMarker(String marker) {
            for (Kind kind : values()) {
                if (marker.equalsIgnoreCase("[!" + kind.name() + "]")) {
                    return Optional.of(kind);
                }
            }
            return Optional.empty();
        }
    }

    private final Kind kind;

    Callout(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
