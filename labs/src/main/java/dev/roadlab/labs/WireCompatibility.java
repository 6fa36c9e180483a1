package dev.roadlab.labs;

import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.Optional;

/**
 * Whether a field may change from one declaration to another under the same number, decided as buf's breaking
 * rules FIELD_WIRE_COMPATIBLE_TYPE and FIELD_WIRE_COMPATIBLE_CARDINALITY decide it (bufcheckserverhandle's
 * breaking.go and cardinality.go): the types fall into the groups below, string may become bytes but not the
 * reverse, a message must stay the same message, an enum the same enum (by its short name) with at least its old
 * values; and singular, required and repeated fields (maps count as repeated) never trade places.
 */
final class WireCompatibility {

    private WireCompatibility() {
    }

    /** Why {@code before} cannot become {@code after}, or nothing when it can. */
    static Optional<String> problem(ProtoContract was, FieldDescriptor before, ProtoContract is,
                                    FieldDescriptor after) {
        if (cardinality(before) != cardinality(after)) {
            return Optional.of("it was " + cardinalityName(before) + " and is " + cardinalityName(after)
                    + " (FIELD_WIRE_COMPATIBLE_CARDINALITY)");
        }
        FieldDescriptor.Type from = before.getType();
        FieldDescriptor.Type to = after.getType();
        if (group(from) != group(to) && !(from == FieldDescriptor.Type.STRING && to == FieldDescriptor.Type.BYTES)) {
            String also = from == FieldDescriptor.Type.BYTES && to == FieldDescriptor.Type.STRING
                    ? "; old bytes need not be UTF-8, which a string must be" : "";
            return Optional.of("it was " + WireReading.typeName(before) + " (" + WireReading.encoding(before)
                    + ") and is " + WireReading.typeName(after) + " (" + WireReading.encoding(after) + ")" + also
                    + " (FIELD_WIRE_COMPATIBLE_TYPE)");
        }
        if (from == FieldDescriptor.Type.MESSAGE && to == FieldDescriptor.Type.MESSAGE) {
            String a = was.relative(before.getMessageType().getFullName());
            String b = is.relative(after.getMessageType().getFullName());
            if (!a.equals(b)) {
                return Optional.of("it was a " + a + " and is a " + b
                        + ", another message (FIELD_WIRE_COMPATIBLE_TYPE)");
            }
        }
        if (from == FieldDescriptor.Type.ENUM && to == FieldDescriptor.Type.ENUM) {
            EnumDescriptor a = before.getEnumType();
            EnumDescriptor b = after.getEnumType();
            if (!a.getName().equals(b.getName())) {
                return Optional.of("it was the enum " + a.getName() + " and is the enum " + b.getName()
                        + " (FIELD_WIRE_COMPATIBLE_TYPE)");
            }
            for (EnumValueDescriptor value : a.getValues()) {
                if (b.findValueByNumber(value.getNumber()) == null) {
                    return Optional.of("its enum " + b.getName() + " lost " + value.getName() + " = "
                            + value.getNumber() + " (FIELD_WIRE_COMPATIBLE_TYPE)");
                }
            }
        }
        return Optional.empty();
    }

    /** buf's wire compatibility groups: a value written as one type of a group reads back as any other. */
    static int group(FieldDescriptor.Type type) {
        return switch (type) {
            case INT32, INT64, UINT32, UINT64, BOOL -> 1;
            case SINT32, SINT64 -> 2;
            case STRING -> 3;
            case BYTES -> 4;
            case FIXED32, SFIXED32 -> 5;
            case FIXED64, SFIXED64 -> 6;
            case DOUBLE -> 7;
            case FLOAT -> 8;
            case GROUP -> 9;
            case MESSAGE -> 10;
            case ENUM -> 11;
        };
    }

    private static int cardinality(FieldDescriptor field) {
        if (field.isRepeated()) {
            return 3; // maps too: on the wire a map is a repeated entry message
        }
        return field.isRequired() ? 2 : 1;
    }

    private static String cardinalityName(FieldDescriptor field) {
        if (field.isMapField()) {
            return "a map";
        }
        if (field.isRepeated()) {
            return "repeated";
        }
        return field.isRequired() ? "required" : "singular";
    }
}
