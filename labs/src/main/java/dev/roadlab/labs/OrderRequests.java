package dev.roadlab.labs;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The requests the edge-validation lab sends through a learner's {@code order.schema.json}: valid orders that must
 * pass, and hostile ones, one list per class of attack, each derived from a valid base order by one change, so that a
 * schema missing one defence lets through only the requests that defence is for.
 */
final class OrderRequests {

    /**
     * One request body.
     *
     * @param label what it is, in the learner's terms ("`price` in a line")
     * @param body  the JSON body of POST /orders
     * @param focus the part of the request that makes it what it is, e.g. {@code /items/0}
     * @param rule  the rule of the contract that refuses it (empty for valid orders)
     */
    record Request(String label, JsonNode body, String focus, String rule) {

        /** The focus with array indexes as {@code *}: the place in the schema's terms. */
        String place() {
            return focus.replaceAll("/[0-9]+(?=/|$)", "/*");
        }
    }

    static final List<String> SKUS = List.of("GRN-1001", "GRN-1002", "BLK-2001", "BLK-2002", "OOL-3001", "WHT-4001");
    static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF", "JPY", "SEK");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Bases of every hostile request: the schema must accept these before refusing anything counts. */
    static final JsonNode BASE = json("""
            {"items": [{"sku": "GRN-1001", "quantity": 2}],
             "currency": "EUR",
             "shippingAddress": {"name": "Ada Lovelace", "lines": ["12 St James's Square"], "city": "London",
                                 "postalCode": "SW1Y 4JH", "country": "GB"}}
            """);
    static final JsonNode BASE_TWO_LINES = json("""
            {"items": [{"sku": "BLK-2001", "quantity": 1}, {"sku": "OOL-3001", "quantity": 3}],
             "currency": "USD",
             "shippingAddress": {"name": "Grace Hopper", "lines": ["1 Navy Yard", "Building 5"], "city": "Arlington",
                                 "postalCode": "22202", "country": "US"}}
            """);

    private OrderRequests() {
    }

    static List<Request> bases() {
        return List.of(valid("an order of one line", BASE), valid("an order of two lines", BASE_TWO_LINES));
    }

    // ---- valid orders ----

    static List<Request> valid() {
        List<Request> orders = new ArrayList<>(bases());
        orders.add(valid("the smallest order the contract allows (one line of quantity 1, one-character name, city"
                + " and address line, two-character postal code, no coupon)", json("""
                {"items": [{"sku": "WHT-4001", "quantity": 1}], "currency": "SEK",
                 "shippingAddress": {"name": "Å", "lines": ["1"], "city": "Y", "postalCode": "12", "country": "SE"}}
                """)));
        ObjectNode largest = (ObjectNode) json("""
                {"currency": "GBP", "coupon": "SPRING2026ABCDEF",
                 "shippingAddress": {"postalCode": "SW1A-1AA 9ZZ", "country": "GB"}}
                """);
        ArrayNode allSkus = largest.putArray("items");
        for (String sku : SKUS) {
            allSkus.addObject().put("sku", sku).put("quantity", 100);
        }
        ObjectNode address = (ObjectNode) largest.get("shippingAddress");
        address.put("name", "M".repeat(99) + "é");
        address.putArray("lines").add("L".repeat(100)).add("Flat " + "9".repeat(95)).add("c/o " + "Ω".repeat(96));
        address.put("city", "C".repeat(60));
        orders.add(valid("the largest order the contract allows (six lines of quantity 100, a 100-character name and"
                + " three 100-character address lines, a 60-character city, a 12-character postal code, a"
                + " 16-character coupon)", largest));
        for (String currency : CURRENCIES) {
            orders.add(valid("an order in " + currency, set(BASE, "/currency", NODES.stringNode(currency))));
        }
        orders.add(valid("a name with accents and a hyphen", address(BASE, "Zoë Ørsted-Łukasiewicz",
                "Nørregade 7", "København", "1165", "DK")));
        orders.add(valid("a name in Chinese", address(BASE, "李小龍", "九龍塘金巴倫道41號", "香港", "999077", "HK")));
        orders.add(valid("a name in Arabic", address(BASE, "محمد بن موسى الخوارزمي", "شارع الرشيد 12", "بغداد",
                "10001", "IQ")));
        orders.add(valid("a name with an apostrophe and a tilde", address(BASE, "Ngũgĩ wa Thiong'o", "Moi Avenue 4",
                "Nairobi", "00100", "KE")));
        orders.add(valid("a name with a combining accent (e + U+0301)", address(BASE, "Jose\u0301 Marti\u0301",
                "Calle Obispo 10", "La Habana", "10100", "CU")));
        orders.add(valid("a name of 100 characters outside the Basic Multilingual Plane (200 UTF-16 units)",
                address(BASE, "𝒜".repeat(100), "1 Rue de la Paix", "Paris", "75002", "FR")));
        orders.add(valid("a name with an emoji", address(BASE, "Ada 🚀 Lovelace", "Königstraße 12", "Berlin", "10115",
                "DE")));
        orders.add(valid("an address in Japan", address(BASE, "山田太郎", "千代田区千代田1-1", "東京", "100-0001", "JP")));
        orders.add(valid("a Canadian postal code with a space", with(BASE, "/shippingAddress",
                a -> a.put("postalCode", "K1A 0B1").put("country", "CA"))));
        orders.add(valid("an Irish Eircode", with(BASE, "/shippingAddress", a -> a.put("postalCode", "D02 X285")
                .put("country", "IE"))));
        orders.add(valid("three address lines", set(BASE, "/shippingAddress/lines",
                array("Flat 3", "12 St James's Square", "St James's"))));
        orders.add(valid("the shortest coupon (4 characters)", with(BASE, "", o -> o.put("coupon", "AB12"))));
        orders.add(valid("a coupon of digits only", with(BASE, "", o -> o.put("coupon", "2026"))));
        orders.add(valid("a coupon of letters only", with(BASE_TWO_LINES, "", o -> o.put("coupon", "WELCOME"))));
        orders.add(valid("the properties in another order (address first, quantity before sku)", json("""
                {"shippingAddress": {"country": "CH", "postalCode": "8001", "city": "Zürich",
                                     "lines": ["Bahnhofstrasse 1"], "name": "Jean-Luc Picard"},
                 "coupon": "ENGAGE",
                 "currency": "CHF",
                 "items": [{"quantity": 5, "sku": "BLK-2002"}, {"quantity": 1, "sku": "GRN-1002"}]}
                """)));
        orders.add(valid("four lines of different SKUs", set(BASE, "/items", lines("GRN-1002", 7, "BLK-2002", 1,
                "OOL-3001", 99, "WHT-4001", 100))));
        return orders;
    }

    // ---- hostile orders, by class ----

    /** OWASP API3, mass assignment: properties the server owns, sent by the client. */
    static List<Request> clientControlledProperties() {
        String top = "the order schema (the root) must refuse properties the contract does not list:"
                + " additionalProperties: false, or unevaluatedProperties: false where it is composed.";
        String line = "the schema of each line must refuse properties the contract does not list:"
                + " additionalProperties: false (or unevaluatedProperties: false).";
        String address = "the shipping address schema must refuse properties the contract does not list:"
                + " additionalProperties: false (or unevaluatedProperties: false).";
        return List.of(
                hostile("`price` at the top level (the client sets what it pays)", with(BASE, "", o -> o.put("price", 0)), "", top),
                hostile("`role` at the top level", with(BASE, "", o -> o.put("role", "admin")), "", top),
                hostile("`status` at the top level (the order would be born paid)", with(BASE, "", o -> o.put("status", "paid")), "", top),
                hostile("`discount` at the top level", with(BASE, "", o -> o.put("discount", 100)), "", top),
                hostile("`customerId` at the top level (whose order it is comes from the caller's token, not the body)",
                        with(BASE, "", o -> o.put("customerId", 42)), "", top),
                hostile("`price` in a line", with(BASE, "/items/0", o -> o.put("price", 0)), "/items/0", line),
                hostile("`discount` in a line", with(BASE, "/items/0", o -> o.put("discount", 100)), "/items/0", line),
                hostile("`status` in a line", with(BASE, "/items/0", o -> o.put("status", "shipped")), "/items/0", line),
                hostile("`role` in a line", with(BASE, "/items/0", o -> o.put("role", "admin")), "/items/0", line),
                hostile("`status` in the shipping address (an unverified address marked verified)",
                        with(BASE, "/shippingAddress", o -> o.put("status", "verified")), "/shippingAddress", address),
                hostile("`role` in the shipping address", with(BASE, "/shippingAddress", o -> o.put("role", "admin")),
                        "/shippingAddress", address),
                hostile("`price` in the shipping address (free shipping)",
                        with(BASE, "/shippingAddress", o -> o.put("price", 0)), "/shippingAddress", address),
                hostile("`discount` in the shipping address",
                        with(BASE, "/shippingAddress", o -> o.put("discount", 50)), "/shippingAddress", address));
    }

    /** OWASP API4: sizes past the contract's limits, huge numbers and deep nesting. */
    static List<Request> oversized() {
        List<Request> requests = new ArrayList<>();
        requests.add(hostile("a 101-character name (the limit is 100)", set(BASE, "/shippingAddress/name",
                NODES.stringNode("N".repeat(101))), "/shippingAddress/name", "maxLength: 100 on the name."));
        requests.add(hostile("a name of 10,000 characters", set(BASE, "/shippingAddress/name",
                NODES.stringNode("N".repeat(10_000))), "/shippingAddress/name", "maxLength: 100 on the name."));
        requests.add(hostile("a 101-character address line (the limit is 100)", set(BASE, "/shippingAddress/lines/0",
                NODES.stringNode("L".repeat(101))), "/shippingAddress/lines/0", "maxLength: 100 on each address line."));
        requests.add(hostile("an address line of 10,000 characters", set(BASE, "/shippingAddress/lines/0",
                NODES.stringNode("L".repeat(10_000))), "/shippingAddress/lines/0", "maxLength: 100 on each address line."));
        requests.add(hostile("a 61-character city (the limit is 60)", set(BASE, "/shippingAddress/city",
                NODES.stringNode("C".repeat(61))), "/shippingAddress/city", "maxLength: 60 on the city."));
        requests.add(hostile("a city of 10,000 characters", set(BASE, "/shippingAddress/city",
                NODES.stringNode("C".repeat(10_000))), "/shippingAddress/city", "maxLength: 60 on the city."));
        requests.add(hostile("a 13-character postal code (the limit is 12)", set(BASE, "/shippingAddress/postalCode",
                NODES.stringNode("1".repeat(13))), "/shippingAddress/postalCode", "maxLength: 12 on the postal code."));
        requests.add(hostile("a postal code of 10,000 characters", set(BASE, "/shippingAddress/postalCode",
                NODES.stringNode("1".repeat(10_000))), "/shippingAddress/postalCode", "maxLength: 12 on the postal code."));
        requests.add(hostile("a country of 10,000 characters", set(BASE, "/shippingAddress/country",
                NODES.stringNode("G".repeat(10_000))), "/shippingAddress/country", "maxLength: 2 on the country."));
        requests.add(hostile("a 17-character coupon (the limit is 16)", with(BASE, "", o -> o.put("coupon", "C".repeat(17))),
                "/coupon", "maxLength: 16 on the coupon."));
        requests.add(hostile("a coupon of 10,000 characters", with(BASE, "", o -> o.put("coupon", "C".repeat(10_000))),
                "/coupon", "maxLength: 16 on the coupon."));
        requests.add(hostile("four address lines (the limit is 3)", set(BASE, "/shippingAddress/lines",
                array("Flat 3", "12 St James's Square", "St James's", "Westminster")), "/shippingAddress/lines",
                "maxItems: 3 on the address lines."));
        ArrayNode manyLines = NODES.arrayNode();
        for (int i = 0; i < 1_000; i++) {
            manyLines.add("line " + i);
        }
        requests.add(hostile("1,000 address lines", set(BASE, "/shippingAddress/lines", manyLines),
                "/shippingAddress/lines", "maxItems: 3 on the address lines."));
        ArrayNode manyItems = NODES.arrayNode();
        for (int i = 0; i < 1_000; i++) {
            manyItems.addObject().put("sku", SKUS.get(i % SKUS.size())).put("quantity", 1);
        }
        requests.add(hostile("1,000 lines in one order", set(BASE, "/items", manyItems), "/items",
                "maxItems: 6 on the lines."));
        requests.add(hostile("a quantity of 1e400", set(BASE, "/items/0/quantity", NODES.numberNode(new BigDecimal("1e400"))),
                "/items/0/quantity", "maximum: 100 on the quantity."));
        requests.add(hostile("a quantity of 1,000 digits", set(BASE, "/items/0/quantity",
                NODES.numberNode(new BigInteger("9".repeat(1_000)))), "/items/0/quantity", "maximum: 100 on the quantity."));
        requests.add(hostile("a coupon that is an array nested 300 levels deep", with(BASE, "",
                o -> o.set("coupon", nested(300, false))), "/coupon", "type: string on the coupon."));
        requests.add(hostile("a name that is an object nested 300 levels deep", set(BASE, "/shippingAddress/name",
                nested(300, true)), "/shippingAddress/name", "type: string on the name."));
        requests.add(hostile("an address line that is an array nested 300 levels deep", set(BASE,
                "/shippingAddress/lines/0", nested(300, false)), "/shippingAddress/lines/0",
                "type: string on each address line."));
        requests.add(hostile("a quantity that is an array nested 300 levels deep", set(BASE, "/items/0/quantity",
                nested(300, false)), "/items/0/quantity", "type: integer on the quantity."));
        return requests;
    }

    /** Type confusion: values of the wrong JSON type where the contract names one. */
    static List<Request> wrongTypes() {
        String quantity = "type: integer on the quantity (a whole number, not a string, a fraction, null or a boolean).";
        return List.of(
                hostile("the quantity as a string, \"2\"", set(BASE, "/items/0/quantity", NODES.stringNode("2")),
                        "/items/0/quantity", quantity),
                hostile("a fractional quantity, 2.5", set(BASE, "/items/0/quantity", NODES.numberNode(new BigDecimal("2.5"))),
                        "/items/0/quantity", quantity),
                hostile("a null quantity", set(BASE, "/items/0/quantity", NODES.nullNode()), "/items/0/quantity", quantity),
                hostile("a boolean quantity", set(BASE, "/items/0/quantity", NODES.booleanNode(true)),
                        "/items/0/quantity", quantity),
                hostile("the SKU as a number", set(BASE, "/items/0/sku", NODES.numberNode(1001)), "/items/0/sku",
                        "type: string on the SKU."),
                hostile("the lines as one object instead of an array", set(BASE, "/items", BASE.get("items").get(0)),
                        "/items", "type: array on the lines."),
                hostile("null lines", set(BASE, "/items", NODES.nullNode()), "/items", "type: array on the lines."),
                hostile("the currency as its ISO number, 978", set(BASE, "/currency", NODES.numberNode(978)),
                        "/currency", "type: string on the currency."),
                hostile("a null currency", set(BASE, "/currency", NODES.nullNode()), "/currency",
                        "type: string on the currency."),
                hostile("the shipping address as one string", set(BASE, "/shippingAddress",
                        NODES.stringNode("12 St James's Square, London SW1Y 4JH")), "/shippingAddress",
                        "type: object on the shipping address."),
                hostile("a null shipping address", set(BASE, "/shippingAddress", NODES.nullNode()), "/shippingAddress",
                        "type: object on the shipping address."),
                hostile("the name as a number", set(BASE, "/shippingAddress/name", NODES.numberNode(42)),
                        "/shippingAddress/name", "type: string on the name."),
                hostile("a null name", set(BASE, "/shippingAddress/name", NODES.nullNode()), "/shippingAddress/name",
                        "type: string on the name."),
                hostile("the address lines as one string", set(BASE, "/shippingAddress/lines",
                        NODES.stringNode("12 St James's Square")), "/shippingAddress/lines",
                        "type: array on the address lines."),
                hostile("an address line as a number", set(BASE, "/shippingAddress/lines/0", NODES.numberNode(12)),
                        "/shippingAddress/lines/0", "type: string on each address line."),
                hostile("the city as a boolean", set(BASE, "/shippingAddress/city", NODES.booleanNode(true)),
                        "/shippingAddress/city", "type: string on the city."),
                hostile("the postal code as a number, 75008", with(BASE, "/shippingAddress",
                        a -> a.put("postalCode", 75008).put("country", "FR")), "/shippingAddress/postalCode",
                        "type: string on the postal code (a pattern only applies to strings)."),
                hostile("a null country", set(BASE, "/shippingAddress/country", NODES.nullNode()),
                        "/shippingAddress/country", "type: string on the country."),
                hostile("a null coupon (an optional field is left out, not sent as null)", with(BASE, "",
                        o -> o.putNull("coupon")), "/coupon", "type: string on the coupon."),
                hostile("the coupon as a number", with(BASE, "", o -> o.put("coupon", 2026)), "/coupon",
                        "type: string on the coupon (a pattern only applies to strings)."),
                hostile("the whole body as an array of orders", NODES.arrayNode().add(BASE.deepCopy()), "",
                        "type: object on the order."),
                hostile("the whole body as a string", NODES.stringNode("order"), "", "type: object on the order."),
                hostile("a body of null", NODES.nullNode(), "", "type: object on the order."));
    }

    /** Quantities outside 1 to 100. */
    static List<Request> quantitiesOutOfRange() {
        String rule = "minimum: 1 and maximum: 100 on the quantity.";
        List<Request> requests = new ArrayList<>();
        for (String value : List.of("0", "-1", "-2147483649", "101", "1000000", "9223372036854775808", "1e30")) {
            JsonNode number = value.contains("e") ? NODES.numberNode(new BigDecimal(value))
                    : NODES.numberNode(new BigInteger(value));
            requests.add(hostile("a quantity of " + value, set(BASE, "/items/0/quantity", number), "/items/0/quantity",
                    rule));
        }
        requests.add(hostile("a second line of quantity -5", set(BASE_TWO_LINES, "/items/1/quantity",
                NODES.numberNode(-5)), "/items/1/quantity", rule));
        return requests;
    }

    /** Required fields left out, or present but empty. */
    static List<Request> missingFields() {
        return List.of(
                hostile("an empty body, {}", NODES.objectNode(), "", "required: items, currency, shippingAddress."),
                hostile("no `items`", remove(BASE, "/items"), "", "required: items."),
                hostile("no `currency`", remove(BASE, "/currency"), "", "required: currency."),
                hostile("no `shippingAddress`", remove(BASE, "/shippingAddress"), "", "required: shippingAddress."),
                hostile("a line without `sku`", remove(BASE, "/items/0/sku"), "/items/0", "required: sku, in each line."),
                hostile("a line without `quantity`", remove(BASE, "/items/0/quantity"), "/items/0",
                        "required: quantity, in each line."),
                hostile("an address without `name`", remove(BASE, "/shippingAddress/name"), "/shippingAddress",
                        "required: name, in the shipping address."),
                hostile("an address without `lines`", remove(BASE, "/shippingAddress/lines"), "/shippingAddress",
                        "required: lines, in the shipping address."),
                hostile("an address without `city`", remove(BASE, "/shippingAddress/city"), "/shippingAddress",
                        "required: city, in the shipping address."),
                hostile("an address without `postalCode`", remove(BASE, "/shippingAddress/postalCode"),
                        "/shippingAddress", "required: postalCode, in the shipping address."),
                hostile("an address without `country`", remove(BASE, "/shippingAddress/country"), "/shippingAddress",
                        "required: country, in the shipping address."),
                hostile("no lines at all, items: []", set(BASE, "/items", NODES.arrayNode()), "/items",
                        "minItems: 1 on the lines."),
                hostile("no address lines, lines: []", set(BASE, "/shippingAddress/lines", NODES.arrayNode()),
                        "/shippingAddress/lines", "minItems: 1 on the address lines."),
                hostile("an empty name", set(BASE, "/shippingAddress/name", NODES.stringNode("")),
                        "/shippingAddress/name", "minLength: 1 on the name."),
                hostile("an empty address line", set(BASE, "/shippingAddress/lines/0", NODES.stringNode("")),
                        "/shippingAddress/lines/0", "minLength: 1 on each address line."),
                hostile("an empty city", set(BASE, "/shippingAddress/city", NODES.stringNode("")),
                        "/shippingAddress/city", "minLength: 1 on the city."));
    }

    /** Codes outside the contract's allow-lists and formats. */
    static List<Request> outsideTheAllowLists() {
        String currency = "an allow-list of the six currencies (enum) on the currency.";
        String sku = "an allow-list of the six SKUs of the catalogue (enum) on the SKU.";
        String coupon = "the coupon's format, 4 to 16 capital letters and digits, as an anchored pattern.";
        String country = "the country's format, two capital letters, as an anchored pattern.";
        String postal = "the postal code's format, letters, digits, spaces and hyphens, as an anchored pattern.";
        List<Request> requests = new ArrayList<>();
        for (String code : List.of("XYZ", "BTC", "eur", "EURO", "€", "EUR ")) {
            requests.add(hostile("the currency \"" + code + "\"", set(BASE, "/currency", NODES.stringNode(code)),
                    "/currency", currency));
        }
        for (String code : List.of("GRN-9999", "grn-1001", "GRN-1001 ", "*")) {
            requests.add(hostile("the SKU \"" + code + "\"", set(BASE, "/items/0/sku", NODES.stringNode(code)),
                    "/items/0/sku", sku));
        }
        for (String code : List.of("spring26", "SPRING-26", "' OR 1=1--", "<script>")) {
            requests.add(hostile("the coupon \"" + code + "\"", with(BASE, "", o -> o.put("coupon", code)), "/coupon",
                    coupon));
        }
        for (String code : List.of("gb", "G1", "UK!")) {
            requests.add(hostile("the country \"" + code + "\"", set(BASE, "/shippingAddress/country",
                    NODES.stringNode(code)), "/shippingAddress/country", country));
        }
        for (String code : List.of("<b>1</b>", "SW1Y;4JH", "75008%")) {
            requests.add(hostile("the postal code \"" + code + "\"", set(BASE, "/shippingAddress/postalCode",
                    NODES.stringNode(code)), "/shippingAddress/postalCode", postal));
        }
        return requests;
    }

    /** The same SKU in two lines of one order. */
    static List<Request> duplicateSkus() {
        String rule = "at most one line per SKU: uniqueItems compares whole lines, so lines that differ in quantity"
                + " pass it; count the lines that carry each SKU of the catalogue.";
        return List.of(
                hostile("GRN-1001 in two lines, quantities 1 and 3", set(BASE, "/items", lines("GRN-1001", 1,
                        "GRN-1001", 3)), "/items", rule),
                hostile("GRN-1001 in two identical lines", set(BASE, "/items", lines("GRN-1001", 2, "GRN-1001", 2)),
                        "/items", rule),
                hostile("WHT-4001 first and last of three lines", set(BASE, "/items", lines("WHT-4001", 1, "BLK-2001",
                        1, "WHT-4001", 50)), "/items", rule),
                hostile("seven lines: all six SKUs and OOL-3001 again", set(BASE, "/items", lines("GRN-1001", 1,
                        "GRN-1002", 1, "BLK-2001", 1, "BLK-2002", 1, "OOL-3001", 1, "WHT-4001", 1, "OOL-3001", 2)),
                        "/items", rule));
    }

    static List<List<Request>> hostileClasses() {
        return List.of(clientControlledProperties(), oversized(), wrongTypes(), quantitiesOutOfRange(),
                missingFields(), outsideTheAllowLists(), duplicateSkus());
    }

    // ---- building requests ----

    private static Request valid(String label, JsonNode body) {
        return new Request(label, body, "", "");
    }

    private static Request hostile(String label, JsonNode body, String focus, String rule) {
        return new Request(label, body, focus, rule);
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** A copy of {@code base} with the object at {@code pointer} changed. */
    private static JsonNode with(JsonNode base, String pointer, Consumer<ObjectNode> change) {
        JsonNode copy = base.deepCopy();
        change.accept((ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer)));
        return copy;
    }

    /** A copy of {@code base} with the value at {@code pointer} replaced (or added to its object). */
    private static JsonNode set(JsonNode base, String pointer, JsonNode value) {
        JsonNode copy = base.deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(at.head());
        if (parent.isArray()) {
            ((ArrayNode) parent).set(at.last().getMatchingIndex(), value);
        } else {
            ((ObjectNode) parent).set(at.last().getMatchingProperty(), value);
        }
        return copy;
    }

    private static JsonNode remove(JsonNode base, String pointer) {
        JsonNode copy = base.deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        ((ObjectNode) copy.at(at.head())).remove(at.last().getMatchingProperty());
        return copy;
    }

    private static JsonNode address(JsonNode base, String name, String line, String city, String postalCode,
                                    String country) {
        return with(base, "/shippingAddress", a -> {
            a.put("name", name).put("city", city).put("postalCode", postalCode).put("country", country);
            a.putArray("lines").add(line);
        });
    }

    private static ArrayNode array(String... values) {
        ArrayNode array = NODES.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** Lines from alternating SKUs and quantities. */
    private static ArrayNode lines(Object... skuThenQuantity) {
        ArrayNode lines = NODES.arrayNode();
        for (int i = 0; i < skuThenQuantity.length; i += 2) {
            lines.addObject().put("sku", (String) skuThenQuantity[i]).put("quantity", (Integer) skuThenQuantity[i + 1]);
        }
        return lines;
    }

    /** [[[...]]] or {"a": {"a": ...}}, {@code depth} levels deep. */
    private static JsonNode nested(int depth, boolean objects) {
        JsonNode node = objects ? NODES.objectNode() : NODES.arrayNode();
        for (int i = 1; i < depth; i++) {
            node = objects ? NODES.objectNode().set("a", node) : NODES.arrayNode().add(node);
        }
        return node;
    }
}
