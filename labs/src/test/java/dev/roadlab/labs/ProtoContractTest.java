package dev.roadlab.labs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.roadlab.grader.check.SubmissionError;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the grpc-contract lab compiles a .proto file and judges a field's change of type, as buf does. */
class ProtoContractTest {

    @Test
    void reserved_numbers_and_names_reach_the_descriptors() {
        ProtoContract contract = compile("""
                message M {
                  reserved 2, 5 to 7, 100 to max;
                  reserved "gone";
                  string a = 1;
                  message N { reserved 3; }
                }
                """);
        var m = contract.message("M").orElseThrow();
        assertThat(m.isReservedNumber(2)).isTrue();
        assertThat(m.isReservedNumber(6)).isTrue();
        assertThat(m.isReservedNumber(8)).isFalse();
        assertThat(m.isReservedNumber(536_870_911)).isTrue();
        assertThat(m.isReservedName("gone")).isTrue();
        assertThat(contract.message("M.N").orElseThrow().isReservedNumber(3)).isTrue();
        assertThat(contract.line("p.M.a")).isEqualTo(7);
    }

    @Test
    void a_link_error_names_the_line_of_the_declaration_it_is_about() {
        assertThatThrownBy(() -> compile("""
                message M {
                  reserved 8;
                  string a = 1;
                  string b = 8;
                }
                """)).isInstanceOf(SubmissionError.class)
                .hasMessage("t.proto, line 7: tag 8 is reserved (line 5) for field b (line 7) in message p.M (line 4)");
    }

    @Test
    void enum_values_that_clash_across_enums_are_refused_as_protoc_would() {
        assertThatThrownBy(() -> compile("""
                enum A { A_X = 0; PAID = 1; }
                enum B { B_X = 0; PAID = 1; }
                """)).isInstanceOf(SubmissionError.class).hasMessageContaining("multiple enums share constant PAID");
    }

    @Test
    void wire_lists_several_problems_and_the_first_is_shown_with_a_count() {
        assertThat(ProtoContract.describeLinkErrors("o.proto", """
                multiple fields share tag 1:
                  1. id (o.proto:4:3)
                  2. x (o.proto:6:2)
                  for message orders.v1.Order (o.proto:3:1)
                unable to resolve Foo
                  for field c (o.proto:5:3)"""))
                .isEqualTo("o.proto, line 3: multiple fields share tag 1: 1. id (line 4) 2. x (line 6) for message "
                        + "orders.v1.Order (line 3) (and 1 more problem)");
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "int32, int64, ok", "int32, uint64, ok", "uint32, bool, ok", "int64, int32, ok",
            "sint32, sint64, ok", "fixed32, sfixed32, ok", "fixed64, sfixed64, ok", "string, bytes, ok",
            "E, E, ok", "Sub, Sub, ok",
            "int32, sint32, FIELD_WIRE_COMPATIBLE_TYPE", "int32, string, FIELD_WIRE_COMPATIBLE_TYPE",
            "bytes, string, UTF-8", "fixed32, float, FIELD_WIRE_COMPATIBLE_TYPE",
            "double, fixed64, FIELD_WIRE_COMPATIBLE_TYPE", "int32, E, FIELD_WIRE_COMPATIBLE_TYPE",
            "string, Sub, FIELD_WIRE_COMPATIBLE_TYPE", "Sub, Other, another message", "E, F, the enum F",
            "int32, repeated int32, FIELD_WIRE_COMPATIBLE_CARDINALITY",
            "repeated string, string, FIELD_WIRE_COMPATIBLE_CARDINALITY"
    })
    void a_change_of_type_is_judged_as_bufs_wire_rules_judge_it(String before, String after, String expected) {
        ProtoContract was = withField(before);
        ProtoContract is = withField(after);
        Optional<String> problem = WireCompatibility.problem(was, x(was), is, x(is));
        if (expected.equals("ok")) {
            assertThat(problem).isEmpty();
        } else {
            assertThat(problem).get().asString().contains(expected);
        }
    }

    @Test
    void an_enum_that_loses_a_value_is_not_the_same_enum() {
        ProtoContract was = compile("enum E { E_0 = 0; E_1 = 1; E_2 = 2; }\nmessage M { E x = 1; }\n");
        ProtoContract is = compile("enum E { E_0 = 0; E_1 = 1; }\nmessage M { E x = 1; }\n");
        assertThat(WireCompatibility.problem(was, x(was), is, x(is))).get().asString().contains("lost E_2 = 2");
    }

    @Test
    void samples_set_every_field_and_respect_oneofs_depth_and_recursion() {
        ProtoContract contract = compile("""
                message M {
                  string currency_code = 1;
                  int32 quantity = 2;
                  oneof choice { string a = 3; int32 b = 4; }
                  map<string, int32> counts = 5;
                  repeated M children = 6;
                  E e = 7;
                }
                enum E { E_UNSPECIFIED = 0; E_ONE = 1; }
                """);
        DynamicMessage sample = ProtoSamples.of(contract.message("M").orElseThrow());
        var type = sample.getDescriptorForType();
        assertThat(sample.getField(type.findFieldByName("currency_code"))).isEqualTo("EUR");
        assertThat(sample.getField(type.findFieldByName("quantity"))).isEqualTo(3);
        assertThat(sample.hasField(type.findFieldByName("a"))).isTrue();
        assertThat(sample.hasField(type.findFieldByName("b"))).isFalse();
        assertThat(sample.getRepeatedFieldCount(type.findFieldByName("counts"))).isEqualTo(1);
        assertThat(((com.google.protobuf.Descriptors.EnumValueDescriptor) sample.getField(type.findFieldByName("e")))
                .getName()).isEqualTo("E_ONE");
        int depth = 0;
        DynamicMessage level = sample;
        while (level.getRepeatedFieldCount(type.findFieldByName("children")) > 0) {
            level = (DynamicMessage) level.getRepeatedField(type.findFieldByName("children"), 0);
            depth++;
        }
        assertThat(depth).isEqualTo(ProtoSamples.MAX_DEPTH - 1);
        assertThat(ProtoSamples.of(type).toByteString()).isEqualTo(sample.toByteString());
    }

    @Test
    void enum_value_prefixes_are_spelled_as_buf_spells_them() {
        assertThat(GrpcContractChecks.upperSnake("OrderStatus")).isEqualTo("ORDER_STATUS");
        assertThat(GrpcContractChecks.upperSnake("Status")).isEqualTo("STATUS");
        assertThat(GrpcContractChecks.upperSnake("HTTPStatus")).isEqualTo("HTTP_STATUS");
        assertThat(GrpcContractChecks.upperSnake("Status2Code")).isEqualTo("STATUS2_CODE");
    }

    /** A field x = 1 of the given type in a message M, beside enums E and F and messages Sub and Other. */
    private static ProtoContract withField(String type) {
        return compile("""
                enum E { E_0 = 0; E_1 = 1; }
                enum F { F_0 = 0; F_1 = 1; }
                message Sub { string s = 1; }
                message Other { string s = 1; }
                message M { %s x = 1; }
                """.formatted(type));
    }

    private static FieldDescriptor x(ProtoContract contract) {
        return contract.message("M").orElseThrow().findFieldByName("x");
    }

    private static ProtoContract compile(String body) {
        return ProtoContract.compile("t.proto", "syntax = \"proto3\";\npackage p;\n\n" + body);
    }
}
