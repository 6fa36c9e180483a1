package dev.roadlab.labs;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Sample messages for the wire checks: every field set to a value that is not its default (proto3 writes no
 * default, so a default would prove nothing), the same value for a field of the same name in either version, and
 * the same message every run. Realistic where the name says what a field holds ("EUR" for a currency), so that
 * what the learner reads in a failure looks like an order.
 *
 * <p>Bounded whatever the schema: nested messages to {@link #MAX_DEPTH}, at most {@link #MAX_VALUES} values in
 * all (a recursive or very wide message is sampled in part), one member per oneof, two elements per repeated
 * field and one entry per map.
 */
final class ProtoSamples {

    static final int MAX_DEPTH = 4;
    static final int MAX_VALUES = 2_000;

    private int values;

    private ProtoSamples() {
    }

    static DynamicMessage of(Descriptor type) {
        return new ProtoSamples().message(type, 1);
    }

    private DynamicMessage message(Descriptor type, int depth) {
        DynamicMessage.Builder builder = DynamicMessage.newBuilder(type);
        Set<OneofDescriptor> filled = new HashSet<>();
        for (FieldDescriptor field : type.getFields()) {
            if (values >= MAX_VALUES) {
                break;
            }
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null && !filled.add(oneof)) {
                continue;
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && depth >= MAX_DEPTH) {
                continue;
            }
            values++;
            if (field.isMapField()) {
                builder.addRepeatedField(field, message(field.getMessageType(), depth + 1));
            } else if (field.isRepeated()) {
                builder.addRepeatedField(field, value(field, 1, depth));
                builder.addRepeatedField(field, value(field, 2, depth));
            } else {
                builder.setField(field, value(field, 1, depth));
            }
        }
        // A proto2 required field past the bounds stays unset: the sample is a message, not a valid one.
        return builder.buildPartial();
    }

    private Object value(FieldDescriptor field, int nth, int depth) {
        return switch (field.getJavaType()) {
            case STRING -> text(field, nth);
            case BYTE_STRING -> ByteString.copyFromUtf8(text(field, nth));
            case INT -> (int) number(field, nth);
            case LONG -> number(field, nth);
            case BOOLEAN -> true;
            case FLOAT -> number(field, nth) + 0.5f;
            case DOUBLE -> number(field, nth) + 0.25;
            case ENUM -> enumValue(field, nth);
            case MESSAGE -> message(field.getMessageType(), depth + 1);
        };
    }

    /** What a field of this name holds in an order, or its name and number. */
    static String text(FieldDescriptor field, int nth) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        String text;
        if (name.contains("currency")) {
            text = nth == 1 ? "EUR" : "CHF";
        } else if (name.contains("country")) {
            text = nth == 1 ? "DE" : "AT";
        } else if (name.equals("status") || name.equals("state")) {
            text = "paid";
        } else if (name.contains("address")) {
            text = "Königstraße 5, 10115 Berlin, DE";
        } else if (name.contains("line") || name.contains("street")) {
            text = nth == 1 ? "Königstraße 5" : "Hinterhaus, 3. OG";
        } else if (name.contains("city")) {
            text = "Berlin";
        } else if (name.contains("postal") || name.contains("zip")) {
            text = "10115";
        } else if (name.contains("sku")) {
            text = nth == 1 ? "MUG-BLUE" : "TEA-GREEN";
        } else if (name.contains("customer")) {
            text = "cus-42";
        } else if (name.equals("id") || name.endsWith("order_id")) {
            text = nth == 1 ? "ord-1001" : "ord-1002";
        } else if (name.contains("reason")) {
            text = "ordered twice";
        } else if (name.contains("token") || name.contains("cursor")) {
            text = "page-2";
        } else if (name.contains("price") || name.contains("amount") || name.contains("total")) {
            text = nth == 1 ? "12.50" : "4.20";
        } else {
            return name + " " + field.getNumber() + (nth == 1 ? "" : " (2)");
        }
        return text;
    }

    /** Small positive numbers: they read the same in every integer type of a compatible group. */
    static long number(FieldDescriptor field, int nth) {
        String name = field.getName().toLowerCase(Locale.ROOT);
        long base;
        if (name.contains("quantity") || name.contains("count")) {
            base = 3;
        } else if (name.contains("price")) {
            base = 1250;
        } else if (name.contains("total") || name.contains("amount") || name.contains("units")) {
            base = 3750;
        } else if (name.contains("page_size") || name.contains("limit")) {
            base = 50;
        } else if (name.endsWith("_at") || name.contains("time") || name.contains("seconds")) {
            base = 1_767_225_600; // 2026-01-01T00:00:00Z
        } else {
            base = 100L + field.getNumber();
        }
        return base + nth - 1;
    }

    /** A value other than the zero one, which proto3 would not write. */
    private static EnumValueDescriptor enumValue(FieldDescriptor field, int nth) {
        List<EnumValueDescriptor> nonZero = field.getEnumType().getValues().stream()
                .filter(v -> v.getNumber() != 0).toList();
        if (nonZero.isEmpty()) {
            return field.getEnumType().getValues().get(0);
        }
        return nonZero.get(Math.min(nth, nonZero.size()) - 1);
    }
}
