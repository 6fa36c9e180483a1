package dev.roadlab.labs;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.UninitializedMessageException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a reader built from one version of a schema makes of bytes a writer built from another version sent:
 * every field the writer set, as the reader sees it. A field the reader does not declare must reach it as an
 * unknown field (protobuf keeps those and writes them back); a field it declares under the same number must come
 * out under the same name with the same value. Anything else is a loss, described with the bytes that carried it.
 */
final class WireReading {

    private static final int SHOWN_BYTES = 24;
    private static final int SHOWN_CHARS = 120;

    private final String writer;
    private final String reader;
    private final List<Loss> losses = new ArrayList<>();

    /**
     * One field that did not survive.
     *
     * @param field the writer's field, "orders.v1.LineItem.3": the same loss seen through several messages that
     *              hold a LineItem is one loss
     * @param text  what was sent, as which bytes, and what the reader made of them
     */
    record Loss(String field, String text) {
    }

    private WireReading(String writer, String reader) {
        this.writer = writer;
        this.reader = reader;
    }

    /** The bytes parsed as a message of {@code type}, or why they are not one. */
    static DynamicMessage parse(Descriptor type, byte[] bytes) throws InvalidProtocolBufferException {
        try {
            return DynamicMessage.parseFrom(type, bytes);
        } catch (UninitializedMessageException e) {
            throw new InvalidProtocolBufferException(e.getMessage());
        }
    }

    /**
     * @param writer who wrote {@code sent}, e.g. "a v1 client"
     * @param reader who read {@code read}, e.g. "your v2"
     */
    static List<Loss> losses(String writer, String reader, DynamicMessage sent, DynamicMessage read) {
        WireReading reading = new WireReading(writer, reader);
        reading.compare(sent.getDescriptorForType().getName(), sent, read);
        return reading.losses;
    }

    private void compare(String path, DynamicMessage sent, DynamicMessage read) {
        Descriptor readType = read.getDescriptorForType();
        for (Map.Entry<FieldDescriptor, Object> entry : sent.getAllFields().entrySet()) {
            FieldDescriptor field = entry.getKey();
            Object value = entry.getValue();
            int number = field.getNumber();
            String where = path + "." + field.getName() + " (field " + number + ")";
            FieldDescriptor readField = readType.findFieldByNumber(number);
            if (readField == null) {
                if (!read.getUnknownFields().hasField(number)) {
                    lose(field, cap(writer) + " sent " + where + " = " + show(field, value) + " as "
                            + hex(fieldBytes(sent, field)) + ", and " + reader + " dropped it.");
                }
                continue; // an unknown field, kept; writing it back is proved separately
            }
            String readName = readType.getName() + "." + readField.getName();
            if (read.getUnknownFields().hasField(number)) {
                lose(field, cap(writer) + " sent " + where + " = " + show(field, value) + " as "
                        + hex(fieldBytes(sent, field)) + " (" + encoding(field) + "). " + cap(reader)
                        + " declares field " + number + " as " + typeName(readField) + " (" + encoding(readField)
                        + "), cannot read those bytes, sets them aside as an unknown field and reads " + readName
                        + " = " + show(readField, read.getField(readField)) + ".");
                continue;
            }
            if (!readField.getName().equals(field.getName())) {
                lose(field, cap(writer) + " sent " + where + " = " + show(field, value) + " as "
                        + hex(fieldBytes(sent, field)) + "; " + reader + " reads those bytes as " + readName + " = "
                        + show(readField, read.getField(readField)) + ": field " + number
                        + " means something else there.");
                continue;
            }
            List<?> sentValues = values(field, value);
            List<?> readValues = values(readField, read.getField(readField));
            boolean bothMessages = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                    && readField.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
            if (bothMessages && sentValues.size() == readValues.size()) {
                for (int i = 0; i < sentValues.size(); i++) {
                    compare(path + "." + field.getName() + (field.isRepeated() ? "[" + i + "]" : ""),
                            (DynamicMessage) sentValues.get(i), (DynamicMessage) readValues.get(i));
                }
                continue;
            }
            if (!sameValues(field, sentValues, readField, readValues)) {
                lose(field, cap(writer) + " sent " + where + " = " + show(field, value) + " as "
                        + hex(fieldBytes(sent, field)) + "; " + reader + " reads " + readName + " = "
                        + show(readField, read.getField(readField)) + " (" + typeName(field) + " there, "
                        + typeName(readField) + " here).");
            }
        }
    }

    private void lose(FieldDescriptor field, String text) {
        losses.add(new Loss(field.getContainingType().getFullName() + "." + field.getNumber(), text));
    }

    private static List<?> values(FieldDescriptor field, Object value) {
        if (field.isRepeated()) {
            return (List<?>) value;
        }
        return List.of(value);
    }

    private static boolean sameValues(FieldDescriptor a, List<?> as, FieldDescriptor b, List<?> bs) {
        if (as.size() != bs.size()) {
            return false;
        }
        for (int i = 0; i < as.size(); i++) {
            if (!Objects.equals(canonical(a, as.get(i)), canonical(b, bs.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** A value as the wire carries it: numbers as numbers (an enum by its number), text and messages as bytes. */
    private static Object canonical(FieldDescriptor field, Object value) {
        return switch (value) {
            case EnumValueDescriptor e -> (long) e.getNumber();
            case Boolean b -> b ? 1L : 0L;
            case Integer i -> field.getType() == FieldDescriptor.Type.UINT32
                    || field.getType() == FieldDescriptor.Type.FIXED32 ? Integer.toUnsignedLong(i) : (long) i;
            case Float f -> (double) f;
            case String s -> ByteString.copyFromUtf8(s);
            case Message m -> m.toByteString();
            default -> value;
        };
    }

    /** The bytes that carry one field of a message: its tag and value, as the writer encoded them. */
    static byte[] fieldBytes(DynamicMessage message, FieldDescriptor field) {
        return DynamicMessage.newBuilder(message.getDescriptorForType())
                .setField(field, message.getField(field)).buildPartial().toByteArray();
    }

    /** "18 e2 09", shortened past a few dozen bytes. */
    static String hex(byte[] bytes) {
        HexFormat format = HexFormat.ofDelimiter(" ");
        if (bytes.length <= SHOWN_BYTES) {
            return format.formatHex(bytes);
        }
        return format.formatHex(bytes, 0, SHOWN_BYTES) + " … (" + bytes.length + " bytes)";
    }

    /** A value as a learner reads it: "EUR" in quotes, 1250, ORDER_STATUS_PAID, {sku: "MUG-BLUE", quantity: 3}. */
    static String show(FieldDescriptor field, Object value) {
        String shown;
        if (field.isRepeated() && value instanceof List<?> list) {
            shown = list.stream().map(v -> showOne(v)).collect(Collectors.joining(", ", "[", "]"));
        } else {
            shown = showOne(value);
        }
        return shown.length() > SHOWN_CHARS ? shown.substring(0, SHOWN_CHARS) + "…" : shown;
    }

    private static String showOne(Object value) {
        return switch (value) {
            case String s -> "\"" + s + "\"";
            case ByteString b -> "bytes " + hex(b.toByteArray());
            case EnumValueDescriptor e -> e.getName();
            case Message m -> m.getAllFields().entrySet().stream()
                    .map(e -> e.getKey().getName() + ": " + show(e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", ", "{", m.getUnknownFields().asMap().isEmpty() ? "}"
                            : (m.getAllFields().isEmpty() ? "" : ", ") + "unknown fields "
                            + m.getUnknownFields().asMap().keySet() + "}"));
            default -> String.valueOf(value);
        };
    }

    /** "int32", "string", "OrderStatus", "LineItem", "map<string, string>". */
    static String typeName(FieldDescriptor field) {
        String prefix = field.isRepeated() && !field.isMapField() ? "repeated " : "";
        if (field.isMapField()) {
            Descriptor entry = field.getMessageType();
            return "map<" + typeName(entry.findFieldByNumber(1)) + ", " + typeName(entry.findFieldByNumber(2)) + ">";
        }
        return prefix + switch (field.getJavaType()) {
            case MESSAGE -> field.getMessageType().getName();
            case ENUM -> field.getEnumType().getName();
            default -> field.getType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** How the field's values travel: varint, zigzag varint, length-delimited, 32-bit or 64-bit. */
    static String encoding(FieldDescriptor field) {
        return switch (field.getType()) {
            case INT32, INT64, UINT32, UINT64, BOOL, ENUM -> "varint";
            case SINT32, SINT64 -> "zigzag varint";
            case STRING, BYTES, MESSAGE -> "length-delimited";
            case FIXED32, SFIXED32, FLOAT -> "32-bit";
            case FIXED64, SFIXED64, DOUBLE -> "64-bit";
            case GROUP -> "group";
        };
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
