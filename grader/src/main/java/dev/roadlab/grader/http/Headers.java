package dev.roadlab.grader.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The header fields of a request or response as sent: names compared without case, a name may come several times,
 * and fields keep the order they came in.
 *
 * <pre>{@code
 * Headers headers = Headers.of("Set-Cookie: a=1", "Content-Type: text/html", "set-cookie: b=2");
 * headers.all("SET-COOKIE");          // ["a=1", "b=2"]
 * headers.combined("Cache-Control");  // empty: not sent
 * }</pre>
 */
public final class Headers {

    /** One header field: its name as sent and its value with surrounding whitespace removed. */
    public record Field(String name, String value) {

        @Override
        public String toString() {
            return name + ": " + value;
        }
    }

    private static final Headers NONE = new Headers(List.of());

    private final List<Field> fields;

    private Headers(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** No header fields. */
    public static Headers none() {
        return NONE;
    }

    /** @param lines header lines such as {@code "Content-Type: text/html"}, in the order they were sent */
    public static Headers of(String... lines) {
        return of(List.of(lines));
    }

    /** @param lines header lines such as {@code "Content-Type: text/html"}, in the order they were sent */
    public static Headers of(List<String> lines) {
        List<Field> fields = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("not a header line (Name: value): " + line);
            }
            fields.add(new Field(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
        }
        return new Headers(fields);
    }

    /**
     * The fields of a {@code java.net.http} message. {@link java.net.http.HttpHeaders} keeps the order of the values
     * of one name but not the order between names: those come sorted by name.
     */
    public static Headers from(java.net.http.HttpHeaders headers) {
        List<Field> fields = new ArrayList<>();
        headers.map().forEach((name, values) -> values.forEach(v -> fields.add(new Field(name, v.strip()))));
        return new Headers(fields);
    }

    /** Every value sent under {@code name}, in order; empty when none was. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    /** The first value sent under {@code name}. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).findFirst();
    }

    /**
     * The values sent under {@code name} joined with {@code ", "}, the way HTTP combines repeated fields (RFC 9110
     * section 5.3) and clients such as browsers and Node.js hand them on; empty when none was sent.
     */
    public Optional<String> combined(String name) {
        List<String> values = all(name);
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /** The names sent, each once, lower-cased, in the order of their first field. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.name().toLowerCase(Locale.ROOT)));
        return names;
    }

    /** Every field, in order. */
    public List<Field> fields() {
        return fields;
    }

    /** The fields whose name is {@code name}, as sent. */
    public List<Field> fields(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).toList();
    }

    @Override
    public String toString() {
        return String.join("\n", fields.stream().map(Field::toString).toList());
    }
}
