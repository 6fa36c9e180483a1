package dev.roadlab.labs;

import com.google.protobuf.DescriptorProtos.DescriptorProto.ReservedRange;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.roadlab.grader.check.Check;
import dev.roadlab.grader.check.CheckFailure;
import dev.roadlab.grader.check.LabChecks;
import dev.roadlab.grader.check.SubmissionError;
import dev.roadlab.grader.lab.Lab;
import dev.roadlab.grader.submission.Submission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks of the grpc-contract lab: the learner evolves orders/v1/orders.proto (the lab's given/ folder) by a change
 * request, and every client built from v1 must keep working.
 *
 * <p>The first five checks score the change request; the other six score that it broke nothing, and pass only
 * once the change request is in the file (v1 itself breaks nothing, and must not score for it). Those mirror
 * buf's breaking rules, whose names they give; the last two prove compatibility on the wire rather than by reading
 * the file: sample messages of every v1 message are encoded with one version's descriptors and decoded with the
 * other's, by protobuf-java's own parser.
 *
 * <p>Types are matched by their names within the package, so a contract moved to another package is judged once,
 * by the check whose business names are.
 */
@LabChecks
public class GrpcContractChecks {

    static final String FILE = "orders.proto";
    static final String GIVEN = "given/orders/v1/orders.proto";
    static final String SERVICE = "OrderService";
    static final String ORDER = "Order";
    /** The statuses v1's free text knows; CANCELED is accepted for CANCELLED. */
    static final List<String> STATUSES = List.of("NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED");
    /** The largest message a gRPC server accepts unless configured otherwise (grpc-java, grpc-go, grpc-core). */
    static final int GRPC_DEFAULT_MAX_MESSAGE = 4 * 1024 * 1024;
    /** How many problems a failure lists; the rest are counted. */
    static final int SHOWN_PROBLEMS = 4;

    private static final Pattern VERSIONED_PACKAGE = Pattern.compile(".*\\.v\\d+((alpha|beta)\\d*)?(test)?");

    private static final String GATE_HINT = "Compatibility earns its points once the contract has changed: v1 "
            + "breaks nothing by staying v1. Make the change request first, then make sure it breaks nothing.";

    private Contracts contracts;
    private SubmissionError refused;

    private record Contracts(ProtoContract v1, ProtoContract v2) {
    }

    @Check(order = 1, points = 3, title = "Every order says which currency its amounts are in",
            hint = "A number on the wire carries no unit. Where a reader must know what an amount means, the "
                    + "contract has to say it, in a field of its own that old clients can simply skip.",
            teaches = "#service-contracts-with-grpc-and-protocol-buffers")
    void every_order_says_its_currency(Lab lab, Submission submission) {
        Descriptor order = order(contracts(lab, submission).v2());
        if (currency(order).isPresent()) {
            return;
        }
        Optional<FieldDescriptor> misfit = order.getFields().stream()
                .filter(f -> f.getName().toLowerCase(Locale.ROOT).contains("currency")).findFirst();
        if (misfit.isPresent()) {
            throw new CheckFailure("Order." + misfit.get().getName() + " (" + at(contracts.v2(), misfit.get())
                    + ") is " + WireReading.typeName(misfit.get()) + ": a currency is a code such as \"EUR\" (ISO "
                    + "4217), a string or an enum of codes.");
        }
        throw new CheckFailure("Order has no currency yet: a v1 order with total_cents = 3750 and items at "
                + "unit_price = 1250 says 37.50 and 12.50, but not of what. Order (or a message it holds, such "
                + "as an amount) needs a field for the currency, e.g. an ISO 4217 code like \"EUR\".");
    }

    @Check(order = 2, points = 4, title = "The status is an enum whose zero value is ..._UNSPECIFIED",
            hint = "A field a message does not carry reads as its zero value, so in proto3 the zero of an enum is "
                    + "what every old or careless writer says. Give it a name that claims nothing "
                    + "(ENUM_ZERO_VALUE_SUFFIX).",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void the_status_is_an_enum_with_an_unspecified_zero(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        Descriptor order = order(c.v2());
        FieldDescriptor status = statusEnum(order).orElseThrow(() -> new CheckFailure("Order has no enum field "
                + "yet: its status is still only the free text of field 5 (status = \"paid\"), which every client "
                + "spells its own way and none can switch on safely."));
        EnumDescriptor type = status.getEnumType();
        EnumValueDescriptor zero = type.findValueByNumber(0);
        if (zero == null || !zero.getName().endsWith("_UNSPECIFIED")) {
            String zeroName = zero == null ? "(none)" : zero.getName();
            DynamicMessage v1Order = ProtoSamples.of(order(c.v1()));
            Object read = decode(order, v1Order.toByteArray()).getField(status);
            throw new CheckFailure("The zero value of " + type.getName() + " (" + c.v2().at(type.getFullName())
                    + ") is " + zeroName + ", a status with a meaning. A message that does not carry Order."
                    + status.getName() + " (field " + status.getNumber() + ") reads it as the zero value: a v1 "
                    + "client's order (" + v1Order.getSerializedSize() + " bytes, no field " + status.getNumber()
                    + " among them, since v1 has no such field) decoded by your v2 reads " + status.getName()
                    + " = " + WireReading.show(status, read) + ", whatever the order's real status "
                    + "(status = \"paid\" in its field 5). The zero value must be " + upperSnake(type.getName())
                    + "_UNSPECIFIED or another name ending in _UNSPECIFIED (ENUM_ZERO_VALUE_SUFFIX).");
        }
        String prefix = upperSnake(type.getName()) + "_";
        List<String> unprefixed = type.getValues().stream().map(EnumValueDescriptor::getName)
                .filter(n -> !n.startsWith(prefix)).toList();
        if (!unprefixed.isEmpty()) {
            throw new CheckFailure(type.getName() + "'s values " + String.join(", ", unprefixed) + " (" + FILE
                    + ", line " + c.v2().line(scoped(type, unprefixed.get(0))) + ") do not start with " + prefix
                    + " (ENUM_VALUE_PREFIX).", "In protobuf an enum's values share one scope with the enum "
                    + "itself, beside every sibling enum's values: PAID in " + type.getName() + " and PAID in a "
                    + "PaymentStatus would clash, in the .proto file and in generated C++ and Go. buf's lint asks "
                    + "for the enum's name, in UPPER_SNAKE_CASE, as every value's prefix.");
        }
        List<String> missing = STATUSES.stream().filter(s -> type.getValues().stream()
                .noneMatch(v -> v.getNumber() != 0 && names(v.getName(), s))).toList();
        if (!missing.isEmpty()) {
            throw new CheckFailure(type.getName() + " has no value for " + String.join(", ", missing)
                    + ": v1's free text knows the statuses new, paid, shipped, delivered and cancelled, and each "
                    + "needs a value of its own (" + type.getValues().stream().map(EnumValueDescriptor::getName)
                    .collect(Collectors.joining(", ")) + " are there).",
                    "The enum replaces a text field whose values the old clients already write: each of them "
                            + "needs its value, so that the service can translate between the two while both exist.");
        }
    }

    @Check(order = 3, points = 3, title = "The shipping address is a message of its own, not one line of text",
            hint = "Text that every reader has to parse is a contract nobody wrote down. A message of its own "
                    + "gives each part a name, a type and a number, and it can grow later without touching Order.",
            teaches = "#service-contracts-with-grpc-and-protocol-buffers")
    void the_address_is_a_message(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        Descriptor order = order(c.v2());
        Optional<FieldDescriptor> address = address(c.v2(), order);
        if (address.isEmpty()) {
            FieldDescriptor line = order.findFieldByName("shipping_address");
            throw new CheckFailure(line != null && line.getType() == FieldDescriptor.Type.STRING
                    ? "Order.shipping_address (" + at(c.v2(), line) + ") is still one line of text, \"Königstraße "
                    + "5, 10115 Berlin, DE\": the warehouse has to guess which part is the city."
                    : "Order has no field holding the address as a message (a field of a message type such as "
                    + "Address): the address is gone from the order.");
        }
        Descriptor type = address.get().getMessageType();
        if (type.getFields().size() < 3) {
            throw new CheckFailure("Order." + address.get().getName() + " is a " + type.getName() + " with "
                    + type.getFields().size() + " field" + (type.getFields().size() == 1 ? "" : "s") + " ("
                    + type.getFields().stream().map(FieldDescriptor::getName).collect(Collectors.joining(", "))
                    + "): the change request splits the address into its parts, at least street lines, city, "
                    + "postal code and country.");
        }
    }

    @Check(order = 4, points = 2, title = "The free-text status is kept for old clients and marked as going away",
            hint = "Removing a field breaks the readers that still use it; leaving it unmarked means it is never "
                    + "removed. Protobuf has an option that says \"still here, going away\", which code "
                    + "generators turn into a warning at every use.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void the_old_status_is_kept_and_marked_as_going_away(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        Descriptor order = order(c.v2());
        FieldDescriptor now = order.findFieldByNumber(5);
        if (now == null) {
            throw new CheckFailure("Order.status (field 5) is gone: the apps already installed on phones read "
                    + "the order's status from it and would show every order without one. The change request "
                    + "keeps it, still filled in, until those apps are gone.");
        }
        if (!now.getName().equals("status") || now.getType() != FieldDescriptor.Type.STRING || now.isRepeated()) {
            throw new CheckFailure("Order's field 5 is now " + now.getName() + " (" + WireReading.typeName(now)
                    + ", " + at(c.v2(), now) + "): the installed apps read field 5 as status, the free text "
                    + "\"paid\", and the change request keeps it for them as it is.");
        }
        if (!now.getOptions().getDeprecated()) {
            throw new CheckFailure("Order.status (field 5, " + at(c.v2(), now) + ") is still there, as it "
                    + "should be, but nothing in the contract tells its readers it is going away.");
        }
    }

    @Check(order = 5, points = 4, title = "The history call streams its orders or pages through them",
            hint = "A unary response is built, sent and parsed whole, and gRPC refuses messages over 4 MiB by "
                    + "default. A list with no upper bound needs a response that comes in parts over one call, or "
                    + "a way for the client to ask for the next part.",
            teaches = "#streaming-or-paging")
    void the_history_call_streams_or_pages(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        MethodDescriptor call = historyCall(c).orElseThrow(() -> new CheckFailure(SERVICE + " has no call for "
                + "a customer's order history yet: its calls are " + callNames(c.v1()) + ", and "
                + "ListRecentOrders stops at 20."));
        String name = "rpc " + call.getName() + " (" + c.v2().at(call.getFullName()) + ")";
        Descriptor request = call.getInputType();
        Descriptor response = call.getOutputType();
        if (request.getFields().stream().noneMatch(f -> f.getName().contains("customer"))) {
            throw new CheckFailure(name + " takes a " + request.getName() + ", which names no customer (fields: "
                    + fieldNames(request) + "): whose history is it?", "A call's request says what it is about: "
                    + "the history is a customer's, so the request carries the customer's id.");
        }
        if (call.isClientStreaming()) {
            throw new CheckFailure(name + " streams its requests (client streaming): a history is one question "
                    + "with a long answer, and it is the answer that has to come in parts.");
        }
        if (call.isServerStreaming()) {
            if (!carriesOrders(response)) {
                throw new CheckFailure(name + " streams " + response.getName() + " messages, which carry no "
                        + ORDER + " (fields: " + fieldNames(response) + ").");
            }
            return;
        }
        if (pages(request, response)) {
            return;
        }
        Optional<FieldDescriptor> list = response.getFields().stream()
                .filter(f -> f.isRepeated() && isOrder(f)).findFirst();
        if (list.isEmpty()) {
            throw new CheckFailure(name + " returns one " + response.getName() + ", which carries no list of "
                    + "orders and no page token (fields: " + fieldNames(response) + ").");
        }
        int orderBytes = ProtoSamples.of(order(c.v2())).getSerializedSize();
        int perOrder = orderBytes + 3; // the field's tag and length in front of each order
        throw new CheckFailure(name + " returns one " + response.getName() + " whose repeated "
                + list.get().getName() + " holds the whole history, in a single unary response, with no page "
                + "token. An order like the one the wire checks send (two items, every field set) encodes to "
                + orderBytes + " bytes, so a customer with more "
                + "than about " + String.format(Locale.ROOT, "%,d", GRPC_DEFAULT_MAX_MESSAGE / perOrder)
                + " orders gets a response over gRPC's default limit of 4 MiB per message (RESOURCE_EXHAUSTED), "
                + "and long before that both sides hold the whole history in memory before the first order is "
                + "shown.");
    }

    @Check(order = 6, points = 4, title = "No field number is reused: numbers v1 used or reserved keep their field",
            hint = "On the wire a field is only its number: a reader decodes whatever arrives under a number as "
                    + "the field it knows by that number. A number once used or reserved belongs to that field "
                    + "forever, even after it is gone; new fields take new numbers.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void no_field_number_is_reused(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        List<String> problems = new ArrayList<>();
        for (Pair pair : pairs(c)) {
            Descriptor was = pair.v1();
            Descriptor is = pair.v2();
            String message = c.v1().relative(was.getFullName());
            for (FieldDescriptor before : was.getFields()) {
                FieldDescriptor after = is.findFieldByNumber(before.getNumber());
                if (after != null && !after.getName().equals(before.getName())) {
                    DynamicMessage v1Sample = ProtoSamples.of(was);
                    DynamicMessage read = decode(is, v1Sample.toByteArray());
                    problems.add(message + " field " + before.getNumber() + " was " + before.getName() + " ("
                            + WireReading.typeName(before) + ") in v1 and is " + after.getName() + " ("
                            + WireReading.typeName(after) + ", " + at(c.v2(), after) + ") in your v2: a v1 "
                            + "client's " + before.getName() + " = "
                            + WireReading.show(before, v1Sample.getField(before))
                            + " reads as " + after.getName() + " = " + WireReading.show(after, read.getField(after))
                            + " (FIELD_SAME_NAME).");
                }
            }
            for (ReservedRange range : was.toProto().getReservedRangeList()) {
                String numbers = range(range);
                for (FieldDescriptor after : is.getFields()) {
                    if (after.getNumber() >= range.getStart() && after.getNumber() < range.getEnd()) {
                        problems.add("v1's " + message + " reserves " + numbers + " (" + c.v1().at(was.getFullName())
                                + "), the number of a field removed earlier, which older clients may still send; "
                                + "your v2 gives " + after.getNumber() + " to " + after.getName() + " ("
                                + at(c.v2(), after) + ")." + formerValue(is, after));
                    }
                }
                if (!covers(is.toProto().getReservedRangeList(), range)) {
                    problems.add("v1's " + message + " reserves " + numbers + "; your v2's " + message
                            + " no longer does, so nothing stops a new field from taking it "
                            + "(RESERVED_RANGE_NO_DELETE).");
                }
            }
            for (String name : was.toProto().getReservedNameList()) {
                FieldDescriptor after = is.findFieldByName(name);
                if (after != null) {
                    problems.add("v1's " + message + " reserves the name \"" + name + "\"; your v2 gives it to "
                            + "field " + after.getNumber() + " (" + at(c.v2(), after) + "), and JSON clients send "
                            + "the old field by that name.");
                } else if (!is.isReservedName(name)) {
                    problems.add("v1's " + message + " reserves the name \"" + name + "\"; your v2's " + message
                            + " no longer does (RESERVED_NAME_NO_DELETE).");
                }
            }
        }
        fail(problems);
    }

    @Check(order = 7, points = 4, title = "No field changes its type to one with another wire encoding",
            hint = "Every field travels as its number and a wire type: varint, 64-bit, length-delimited or 32-bit. "
                    + "A field may change type only within a group that shares its wire type and reads the same "
                    + "values back; any other change makes every message already out there unreadable as that "
                    + "field.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void no_field_changes_its_wire_type(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        List<String> problems = new ArrayList<>();
        for (Pair pair : pairs(c)) {
            DynamicMessage v1Sample = ProtoSamples.of(pair.v1());
            DynamicMessage read = decode(pair.v2(), v1Sample.toByteArray());
            for (FieldDescriptor before : pair.v1().getFields()) {
                FieldDescriptor after = pair.v2().findFieldByNumber(before.getNumber());
                if (after == null) {
                    continue;
                }
                Optional<String> problem = WireCompatibility.problem(c.v1(), before, c.v2(), after);
                if (problem.isPresent()) {
                    String lost = read.getUnknownFields().hasField(before.getNumber())
                            ? ", sets the bytes aside as an unknown field and reads " : " and reads ";
                    problems.add(c.v1().relative(pair.v1().getFullName()) + "." + before.getName() + " (field "
                            + before.getNumber() + ", " + at(c.v2(), after) + "): " + problem.get() + ". A v1 "
                            + "client's " + before.getName() + " = " + WireReading.show(before,
                            v1Sample.getField(before)) + " arrives as " + WireReading.hex(
                            WireReading.fieldBytes(v1Sample, before)) + "; your v2 decodes it as "
                            + WireReading.typeName(after) + lost + after.getName() + " = "
                            + WireReading.show(after, read.getField(after)) + ".");
                }
            }
        }
        fail(problems);
    }

    @Check(order = 8, points = 3, title = "Every field v1 had and v2 dropped has its number and name reserved",
            hint = "Deleting a field frees its number and its name for the next person who adds a field, unless "
                    + "the message says they are taken. What a deleted field leaves behind belongs in reserved "
                    + "statements.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void deleted_fields_are_reserved(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        List<String> problems = new ArrayList<>();
        for (Pair pair : pairs(c)) {
            Descriptor is = pair.v2();
            String message = c.v1().relative(pair.v1().getFullName());
            for (FieldDescriptor before : pair.v1().getFields()) {
                if (is.findFieldByNumber(before.getNumber()) != null) {
                    continue;
                }
                FieldDescriptor moved = is.findFieldByName(before.getName());
                if (moved != null) {
                    problems.add(message + "." + before.getName() + " moved from field " + before.getNumber()
                            + " to " + moved.getNumber() + " (" + at(c.v2(), moved) + "): a field's number is what "
                            + "the wire carries, so v1 clients still write and read " + before.getNumber()
                            + ", which your v2 ignores (FIELD_NO_DELETE_UNLESS_NAME_RESERVED).");
                    continue;
                }
                List<String> missing = new ArrayList<>();
                if (!is.isReservedNumber(before.getNumber())) {
                    missing.add("`reserved " + before.getNumber() + ";`");
                }
                if (!is.isReservedName(before.getName())) {
                    missing.add("`reserved \"" + before.getName() + "\";`");
                }
                if (!missing.isEmpty()) {
                    DynamicMessage v1Sample = ProtoSamples.of(pair.v1());
                    problems.add(message + "." + before.getName() + " (field " + before.getNumber() + ", "
                            + WireReading.typeName(before) + ") is gone from your v2, and " + message
                            + " lacks " + String.join(" and ", missing) + ". Old clients still send it ("
                            + before.getName() + " = " + WireReading.show(before, v1Sample.getField(before))
                            + " as " + WireReading.hex(WireReading.fieldBytes(v1Sample, before)) + "); the next "
                            + "field to take number " + before.getNumber() + " would read those bytes as its own "
                            + "(FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED, FIELD_NO_DELETE_UNLESS_NAME_RESERVED).");
                }
            }
        }
        fail(problems);
    }

    @Check(order = 9, points = 3, title = "The package, service, calls and messages v1 clients use keep their names",
            hint = "A gRPC client calls /package.Service/Method and sends and expects messages of the shapes it "
                    + "was built with. Renaming a package, a service, a call or a message, or changing what a call "
                    + "takes or returns, makes a new API, not a new version of this one.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void old_calls_and_messages_keep_their_names(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        ProtoContract v1 = c.v1();
        ProtoContract v2 = c.v2();
        List<String> problems = new ArrayList<>();
        if (!v2.packageName().equals(v1.packageName())) {
            problems.add("The package is " + (v2.packageName().isEmpty() ? "(none)" : v2.packageName())
                    + ", was " + v1.packageName() + ": gRPC names a call by package, service and method, so every "
                    + "v1 client calls /" + v1.packageName() + "." + SERVICE + "/GetOrder, which your v2 does not "
                    + "serve (PACKAGE_NO_DELETE"
                    + (VERSIONED_PACKAGE.matcher(v2.packageName()).matches() ? "" : ", PACKAGE_VERSION_SUFFIX")
                    + "). A new major version is a new package served beside v1, not an edit of it.");
        }
        if (!v2.syntax().equals(v1.syntax())) {
            problems.add("The file is " + v2.syntax() + ", was " + v1.syntax() + " (FILE_SAME_SYNTAX): fields "
                    + "change presence and enums their handling of unknown values.");
        }
        ServiceDescriptor before = v1.service(SERVICE).orElseThrow();
        Optional<ServiceDescriptor> after = v2.service(SERVICE);
        if (after.isEmpty()) {
            problems.add("service " + SERVICE + " is gone (SERVICE_NO_DELETE): every v1 client calls it.");
        } else {
            for (MethodDescriptor call : before.getMethods()) {
                MethodDescriptor now = after.get().findMethodByName(call.getName());
                String path = "/" + v2.packageName() + "." + SERVICE + "/" + call.getName();
                if (now == null) {
                    problems.add("rpc " + call.getName() + " is gone (RPC_NO_DELETE): v1 clients still call "
                            + path + ".");
                    continue;
                }
                String where = "rpc " + call.getName() + " (" + v2.at(now.getFullName()) + ")";
                compareType(problems, where, "takes", "RPC_SAME_REQUEST_TYPE", v1, call.getInputType(), v2,
                        now.getInputType());
                compareType(problems, where, "returns", "RPC_SAME_RESPONSE_TYPE", v1, call.getOutputType(), v2,
                        now.getOutputType());
                if (call.isClientStreaming() != now.isClientStreaming()) {
                    problems.add(where + (now.isClientStreaming() ? " now streams" : " no longer streams")
                            + " its requests (RPC_SAME_CLIENT_STREAMING).");
                }
                if (call.isServerStreaming() != now.isServerStreaming()) {
                    problems.add(where + (now.isServerStreaming() ? " now streams" : " no longer streams")
                            + " its responses (RPC_SAME_SERVER_STREAMING): a v1 client waits for one.");
                }
            }
        }
        for (Descriptor message : v1.messages()) {
            String name = v1.relative(message.getFullName());
            if (v2.message(name).isEmpty()) {
                problems.add("message " + name + " is gone (MESSAGE_NO_DELETE): v1 clients send and read it.");
            }
        }
        fail(problems);
    }

    @Check(order = 10, points = 5, title = "Messages encoded with v1 decode under v2 with every value kept",
            hint = "New code reads old bytes for as long as old clients exist. Every field an old client sets must "
                    + "come out of the new schema under the same number and name with the same value, and what the "
                    + "new schema does not know must survive as unknown fields when it reads a message and writes "
                    + "it back.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void v1_messages_decode_under_v2_with_every_value_kept(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        fail(roundTrips(c.v1(), c.v2(), "a v1 client", "your v2", "v1", true));
    }

    @Check(order = 11, points = 4, title = "Messages encoded with v2 decode under v1, and v1 passes them on intact",
            hint = "Old code reads new bytes too: the apps already installed do not update with you. New fields "
                    + "must be ones an old reader can skip and pass on, and every field it knows must keep meaning "
                    + "and encoding what it did.",
            teaches = "#evolving-a-contract-without-breaking-clients")
    void v2_messages_decode_under_v1(Lab lab, Submission submission) {
        Contracts c = contracts(lab, submission);
        requireTheChangeRequest(c);
        fail(roundTrips(c.v2(), c.v1(), "your v2", "a v1 client", "your v2", false));
    }

    /**
     * Encodes a sample of every message both versions have with the writer's schema, decodes it with the reader's,
     * compares field by field, then has the reader write it back and the writer read that: what the reader did not
     * know must come back unchanged.
     */
    private static List<String> roundTrips(ProtoContract writes, ProtoContract reads, String writer, String reader,
                                           String writerVersion, boolean writerIsV1) {
        Map<String, String> losses = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Descriptor type : writes.messages()) {
            String name = writes.relative(type.getFullName());
            Optional<Descriptor> readType = reads.message(name);
            if (readType.isEmpty()) {
                if (writerIsV1) {
                    problems.add("v1's " + name + " has no counterpart in your v2: nothing there can decode what "
                            + "v1 clients send as " + name + ".");
                }
                continue; // a message new in v2 is one no v1 client sends or reads
            }
            DynamicMessage sent = ProtoSamples.of(type);
            byte[] bytes = sent.toByteArray();
            DynamicMessage read;
            try {
                read = WireReading.parse(readType.get(), bytes);
            } catch (InvalidProtocolBufferException e) {
                problems.add(cap(writer) + "'s " + name + " (" + bytes.length + " bytes: " + WireReading.hex(bytes)
                        + ") does not decode under " + reader + ": " + e.getMessage());
                continue;
            }
            WireReading.losses(writer, reader, sent, read).forEach(l -> losses.putIfAbsent(l.field(), l.text()));
            byte[] written = read.toByteArray();
            try {
                DynamicMessage back = WireReading.parse(type, written);
                if (!back.equals(sent)) {
                    List<WireReading.Loss> lost = WireReading.losses(writer, writerVersion + " reading what "
                            + reader + " wrote back", sent, back);
                    problems.add(cap(reader) + " read " + writer + "'s " + name + " (" + WireReading.hex(bytes)
                            + ") and wrote it back as " + WireReading.hex(written) + ": "
                            + (lost.isEmpty() ? "not the same message." : lost.get(0).text()));
                }
            } catch (InvalidProtocolBufferException e) {
                problems.add(cap(reader) + " read " + writer + "'s " + name + " and wrote it back as "
                        + WireReading.hex(written) + ", which " + writerVersion + " cannot decode: " + e.getMessage());
            }
        }
        List<String> all = new ArrayList<>(losses.values());
        all.addAll(problems);
        return all;
    }

    // --- what the change request asks for, found in the learner's v2 ---

    private void requireTheChangeRequest(Contracts c) {
        List<String> missing = new ArrayList<>();
        Optional<Descriptor> order = c.v2().message(ORDER);
        if (order.isEmpty()) {
            missing.add("the message Order itself");
        } else {
            if (currency(order.get()).isEmpty()) {
                missing.add("a currency on Order");
            }
            if (statusEnum(order.get()).isEmpty()) {
                missing.add("an enum for the order's status");
            }
            if (address(c.v2(), order.get()).isEmpty()) {
                missing.add("the address as a message");
            }
        }
        if (historyCall(c).isEmpty()) {
            missing.add("a call for a customer's order history");
        }
        if (missing.size() == 4) {
            throw new CheckFailure("This check scores once the change request is in " + FILE + ", and none of it "
                    + "is yet: it proves that the change breaks no client, and nothing has changed.", GATE_HINT);
        }
        if (!missing.isEmpty()) {
            throw new CheckFailure("This check scores once the change request is in " + FILE + ". Still missing: "
                    + String.join(", ", missing) + ".", GATE_HINT);
        }
    }

    private static Optional<String> currency(Descriptor order) {
        for (FieldDescriptor field : order.getFields()) {
            if (field.getName().toLowerCase(Locale.ROOT).contains("currency") && isCode(field)) {
                return Optional.of("Order." + field.getName());
            }
        }
        for (FieldDescriptor field : order.getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()) {
                for (FieldDescriptor inner : field.getMessageType().getFields()) {
                    if (inner.getName().toLowerCase(Locale.ROOT).contains("currency") && isCode(inner)) {
                        return Optional.of("Order." + field.getName() + "." + inner.getName());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isCode(FieldDescriptor field) {
        return !field.isRepeated() && (field.getType() == FieldDescriptor.Type.STRING
                || field.getType() == FieldDescriptor.Type.ENUM);
    }

    /** The enum field of Order, preferring one whose name says status or state. */
    private static Optional<FieldDescriptor> statusEnum(Descriptor order) {
        List<FieldDescriptor> enums = order.getFields().stream()
                .filter(f -> f.getType() == FieldDescriptor.Type.ENUM && !f.isRepeated()).toList();
        return enums.stream().filter(f -> f.getName().contains("status") || f.getName().contains("state"))
                .findFirst().or(() -> enums.stream().findFirst());
    }

    private static Optional<FieldDescriptor> address(ProtoContract contract, Descriptor order) {
        return order.getFields().stream()
                .filter(f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !f.isRepeated())
                .filter(f -> contract.declares(f.getMessageType()))
                .filter(f -> f.getName().toLowerCase(Locale.ROOT).contains("address")
                        || f.getMessageType().getName().toLowerCase(Locale.ROOT).contains("address"))
                .findFirst();
    }

    /** The call v2 adds to OrderService, preferring one whose name says history. */
    private static Optional<MethodDescriptor> historyCall(Contracts c) {
        ServiceDescriptor v1 = c.v1().service(SERVICE).orElseThrow();
        List<MethodDescriptor> added = c.v2().service(SERVICE).stream()
                .flatMap(s -> s.getMethods().stream())
                .filter(m -> v1.findMethodByName(m.getName()) == null).toList();
        return added.stream().filter(m -> m.getName().toLowerCase(Locale.ROOT).contains("history")).findFirst()
                .or(() -> added.stream().findFirst());
    }

    private static boolean isOrder(FieldDescriptor field) {
        return field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && field.getMessageType().getName().equals(ORDER)
                && field.getMessageType().getContainingType() == null;
    }

    private static boolean carriesOrders(Descriptor message) {
        return (message.getName().equals(ORDER) && message.getContainingType() == null)
                || message.getFields().stream().anyMatch(GrpcContractChecks::isOrder);
    }

    /** AIP-158 paging: the request takes a page token, the response gives the next one and a page of orders. */
    private static boolean pages(Descriptor request, Descriptor response) {
        boolean takesToken = request.getFields().stream().anyMatch(f -> isText(f)
                && !f.getName().startsWith("next")
                && (f.getName().contains("page_token") || f.getName().contains("cursor")));
        boolean givesNext = response.getFields().stream().anyMatch(f -> isText(f)
                && f.getName().startsWith("next") && (f.getName().contains("token") || f.getName().contains("cursor")));
        boolean page = response.getFields().stream().anyMatch(f -> f.isRepeated() && isOrder(f));
        return takesToken && givesNext && page;
    }

    private static boolean isText(FieldDescriptor field) {
        return !field.isRepeated() && (field.getType() == FieldDescriptor.Type.STRING
                || field.getType() == FieldDescriptor.Type.BYTES);
    }

    // --- helpers ---

    private Contracts contracts(Lab lab, Submission submission) {
        if (refused != null) {
            throw new SubmissionError("Not graded: " + FILE + " did not compile (see the first failing check).",
                    true);
        }
        if (contracts == null) {
            ProtoContract v1 = ProtoContract.compile("orders/v1/orders.proto", lab.text(GIVEN)
                    .orElseThrow(() -> new IllegalStateException("the lab folder has no " + GIVEN)));
            try {
                contracts = new Contracts(v1, ProtoContract.compile(FILE, submission.text(FILE)));
            } catch (SubmissionError e) {
                refused = e;
                throw e;
            }
        }
        return contracts;
    }

    private static Descriptor order(ProtoContract contract) {
        return contract.message(ORDER).orElseThrow(() -> new CheckFailure(contract.fileName()
                + " declares no message " + ORDER + ": every call of " + SERVICE + " sends or returns one."));
    }

    private record Pair(Descriptor v1, Descriptor v2) {
    }

    /** Each v1 message with its v2 namesake; one v2 dropped is the business of the names check. */
    private static List<Pair> pairs(Contracts c) {
        List<Pair> pairs = new ArrayList<>();
        for (Descriptor message : c.v1().messages()) {
            c.v2().message(c.v1().relative(message.getFullName())).ifPresent(v2 -> pairs.add(new Pair(message, v2)));
        }
        return pairs;
    }

    /** A message decoded by protobuf's parser; the sample bytes of a message always decode under its own schema. */
    private static DynamicMessage decode(Descriptor type, byte[] bytes) {
        try {
            return WireReading.parse(type, bytes);
        } catch (InvalidProtocolBufferException e) {
            return DynamicMessage.getDefaultInstance(type);
        }
    }

    private static void compareType(List<String> problems, String where, String verb, String rule,
                                    ProtoContract v1, Descriptor before, ProtoContract v2, Descriptor after) {
        String a = v1.relative(before.getFullName());
        String b = v2.relative(after.getFullName());
        if (!a.equals(b)) {
            problems.add(where + " " + verb + " " + b + ", was " + a + " (" + rule + ").");
        }
    }

    /** What a client from before a number's reservation sends there, and what the new field makes of it. */
    private static String formerValue(Descriptor is, FieldDescriptor after) {
        if (after.getType() != FieldDescriptor.Type.STRING || after.isRepeated()) {
            return "";
        }
        DynamicMessage old = DynamicMessage.newBuilder(is).setField(after, "SUMMER25").build();
        return " An older client's field " + after.getNumber() + " holding \"SUMMER25\" ("
                + WireReading.hex(old.toByteArray()) + ") reads as " + after.getName() + " = \"SUMMER25\" in your v2.";
    }

    private static boolean covers(List<ReservedRange> ranges, ReservedRange wanted) {
        int next = wanted.getStart();
        for (ReservedRange range : ranges.stream().sorted(Comparator.comparingInt(ReservedRange::getStart)).toList()) {
            if (range.getStart() <= next && range.getEnd() > next) {
                next = range.getEnd();
            }
        }
        return next >= wanted.getEnd();
    }

    private static String range(ReservedRange range) {
        return range.getEnd() - range.getStart() == 1 ? String.valueOf(range.getStart())
                : range.getStart() + " to " + (range.getEnd() - 1);
    }

    private static void fail(List<String> problems) {
        if (problems.isEmpty()) {
            return;
        }
        String shown = problems.stream().limit(SHOWN_PROBLEMS).map(p -> "- " + p).collect(Collectors.joining("\n"));
        int more = problems.size() - SHOWN_PROBLEMS;
        throw new CheckFailure(shown + (more > 0 ? "\n(and " + more + " more)" : ""));
    }

    private static String at(ProtoContract contract, FieldDescriptor field) {
        return contract.at(field.getFullName());
    }

    private static String callNames(ProtoContract contract) {
        return contract.service(SERVICE).orElseThrow().getMethods().stream().map(MethodDescriptor::getName)
                .collect(Collectors.joining(", "));
    }

    private static String fieldNames(Descriptor message) {
        return message.getFields().isEmpty() ? "none"
                : message.getFields().stream().map(FieldDescriptor::getName).collect(Collectors.joining(", "));
    }

    /** An enum value's full name for line lookups: values are scoped beside their enum. */
    private static String scoped(EnumDescriptor type, String value) {
        String scope = type.getContainingType() != null ? type.getContainingType().getFullName()
                : type.getFile().getPackage();
        return (scope.isEmpty() ? "" : scope + ".") + value;
    }

    /** Whether an enum value's name says this status: ORDER_STATUS_CANCELED says CANCELLED. */
    private static boolean names(String value, String status) {
        List<String> words = List.of(value.split("_"));
        return words.contains(status) || (status.equals("CANCELLED") && words.contains("CANCELED"));
    }

    /** OrderStatus → ORDER_STATUS, as buf's ENUM_VALUE_PREFIX spells the prefix. */
    static String upperSnake(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2")
                .toUpperCase(Locale.ROOT);
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
