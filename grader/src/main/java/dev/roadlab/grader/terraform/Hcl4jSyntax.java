package dev.roadlab.grader.terraform;

import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.PrimitiveType;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLMap;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import dev.roadlab.grader.terraform.HclExpression.Call;
import dev.roadlab.grader.terraform.HclExpression.Compound;
import dev.roadlab.grader.terraform.HclExpression.Literal;
import dev.roadlab.grader.terraform.HclExpression.ObjectValue;
import dev.roadlab.grader.terraform.HclExpression.Reference;
import dev.roadlab.grader.terraform.HclExpression.Template;
import dev.roadlab.grader.terraform.HclExpression.Tuple;
import dev.roadlab.grader.terraform.HclExpression.TypeName;
import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HCL through hcl4j's lexer, which builds the syntax tree with a line for every symbol and evaluates nothing.
 * hcl4j's public {@code HCLParser} is not used: it evaluates the configuration while it reads it (variables,
 * functions, and an {@code http} data source that makes requests), and returns plain maps without lines. The lexer
 * is package-private in hcl4j, hence the reflection, confined to this class.
 */
final class Hcl4jSyntax {

    /** A problem hcl4j reports, or that its tree shows (an argument with no value). */
    static final class Unreadable extends Exception {
        private final int line;

        Unreadable(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private static final class Lexer {
        static final Constructor<?> NEW;
        static final Method LEX;
        static final Field ROOTS;

        static {
            try {
                Class<?> lexer = Class.forName("com.bertramlabs.plugins.hcl4j.HCLLexer");
                NEW = lexer.getDeclaredConstructor(Reader.class);
                LEX = lexer.getDeclaredMethod("yylex");
                ROOTS = lexer.getField("elementStack");
                NEW.setAccessible(true);
                LEX.setAccessible(true);
                ROOTS.setAccessible(true);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final String file;

    private Hcl4jSyntax(String file) {
        this.file = file;
    }

    /** The top-level blocks of a file whose structure {@link HclStructure} has accepted. */
    static List<TerraformBlock> blocks(String file, String text) throws Unreadable {
        List<?> roots;
        try {
            Object lexer = Lexer.NEW.newInstance(new StringReader(text));
            Lexer.LEX.invoke(lexer);
            roots = (List<?>) Lexer.ROOTS.get(lexer);
        } catch (InvocationTargetException e) {
            String message = e.getCause() == null ? "not valid HCL" : String.valueOf(e.getCause().getMessage());
            throw new Unreadable(lineIn(message), "not valid HCL: " + message.replaceAll("\\s+", " ").strip());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("hcl4j's lexer cannot be used", e);
        }
        Hcl4jSyntax syntax = new Hcl4jSyntax(file);
        List<TerraformBlock> blocks = new ArrayList<>();
        for (Object root : roots) {
            if (root instanceof HCLBlock block) {
                blocks.add(syntax.block(block));
            } else if (root instanceof Symbol symbol) {
                throw new Unreadable(line(symbol), "'" + symbol.getName() + "' is outside any block");
            }
        }
        return blocks;
    }

    private static int lineIn(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line:? (\\d+)").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : 1;
    }

    private TerraformBlock block(HCLBlock block) throws Unreadable {
        List<String> names = block.blockNames == null ? List.of(block.getName()) : block.blockNames;
        Map<String, HclExpression> arguments = new LinkedHashMap<>();
        Map<String, Integer> lines = new LinkedHashMap<>();
        List<TerraformBlock> nested = new ArrayList<>();
        for (Symbol child : block.getChildren()) {
            if (child instanceof HCLAttribute attribute) {
                if (arguments.containsKey(attribute.getName())) {
                    throw new Unreadable(line(attribute), "the argument '" + attribute.getName() + "' is given twice "
                            + "in " + String.join(" ", names) + " (first on line " + lines.get(attribute.getName())
                            + ")");
                }
                arguments.put(attribute.getName(), value(attribute));
                lines.put(attribute.getName(), line(attribute));
            } else if (child instanceof HCLBlock inner) {
                nested.add(block(inner));
            }
        }
        return new TerraformBlock(file, names.getFirst(), names.subList(1, names.size()),
                Collections.unmodifiableMap(arguments), Collections.unmodifiableMap(lines), nested, line(block));
    }

    private HclExpression value(HCLAttribute attribute) throws Unreadable {
        List<Symbol> parts = attribute.getChildren();
        if (parts.isEmpty()) {
            throw new Unreadable(line(attribute), "the argument '" + attribute.getName() + "' has no value");
        }
        return expression(parts, line(attribute));
    }

    private HclExpression expression(List<Symbol> parts, int line) throws Unreadable {
        if (parts.size() == 1) {
            return single(parts.getFirst());
        }
        List<HclExpression> converted = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Symbol part : parts) {
            converted.add(single(part));
            text.append(text.isEmpty() ? "" : " ").append(part.getName() == null ? "" : part.getName());
        }
        return new Compound(List.copyOf(converted), text.toString(), line);
    }

    private HclExpression single(Symbol symbol) throws Unreadable {
        int line = line(symbol);
        return switch (symbol) {
            case HCLValue v -> new Literal(literal(v), line);
            case VariableTree tree when tree.getChildren().size() == 1
                    && tree.getChildren().getFirst() instanceof Function f -> call(f);
            case VariableTree tree when tree.getChildren().stream().allMatch(Variable.class::isInstance) ->
                    new Reference(tree.getName(), line);
            case VariableTree tree -> new Compound(list(tree.getChildren()), String.valueOf(tree.getName()), line);
            case Function f -> call(f);
            case HCLArray array -> new Tuple(list(array.getChildren()), line);
            case HCLBlock object -> object(object.getChildren(), line);
            case HCLMap map -> object(map.getChildren(), line);
            case StringInterpolatedExpression template -> template(template, line);
            case PrimitiveType type -> new TypeName(String.valueOf(type.getName()), line);
            case Variable variable -> new Reference(variable.getName(), line);
            case Operator operator -> new Compound(List.of(), operator.getName(), line);
            default -> new Compound(list(symbol.getChildren()), String.valueOf(symbol.getName()), line);
        };
    }

    private HclExpression call(Function f) throws Unreadable {
        return new Call(f.getName(), list(f.getChildren()), line(f));
    }

    private HclExpression template(StringInterpolatedExpression template, int line) throws Unreadable {
        List<HclExpression> parts = new ArrayList<>();
        for (Symbol part : template.getChildren()) {
            if (!(part instanceof Operator)) {
                parts.add(single(part));
            }
        }
        return new Template(List.copyOf(parts), line);
    }

    private HclExpression object(List<Symbol> children, int line) throws Unreadable {
        Map<String, HclExpression> entries = new LinkedHashMap<>();
        for (Symbol child : children) {
            if (child instanceof HCLAttribute attribute) {
                entries.put(attribute.getName(), value(attribute));
            }
        }
        return new ObjectValue(Collections.unmodifiableMap(entries), line);
    }

    private List<HclExpression> list(List<Symbol> symbols) throws Unreadable {
        List<HclExpression> items = new ArrayList<>();
        for (Symbol symbol : symbols) {
            items.add(single(symbol));
        }
        return List.copyOf(items);
    }

    private static Object literal(HCLValue v) {
        String type = v.type == null ? "" : v.type;
        return switch (type) {
            case "boolean" -> Boolean.parseBoolean(String.valueOf(v.value));
            case "null" -> null;
            case "number" -> {
                try {
                    yield new BigDecimal(String.valueOf(v.value));
                } catch (NumberFormatException e) {
                    yield String.valueOf(v.value);
                }
            }
            default -> v.value == null ? "" : String.valueOf(v.value);
        };
    }

    private static int line(Symbol symbol) {
        return symbol.getLine() == null ? 1 : symbol.getLine() + 1;
    }
}
