package dev.promptforge.app.shared.http;

import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.serde.exceptions.InvalidPropertyFormatException;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with a request body the framework could not bind, in the client's terms: the JSON member
 * ({@code config.temperature}) and the parser's own words with the line and column, never Java class names or
 * framework phrasing ("Failed to convert argument [body] ... of type [class ...Requests$CreatePromptRequest]").
 */
public final class BodyErrors {
    private static final Pattern LOCATION = Pattern.compile("line: (\\d+), column: (\\d+)");
    private static final Pattern TOKEN = Pattern.compile("Unexpected token (\\w+), expected (\\w+)");
    private static final Pattern PROPERTY = Pattern.compile("Error decoding property \\[(?:\\S+ )?([^\\s\\]]+)\\]");
    private static final Pattern START_MARKER = Pattern.compile(
            "\\(start marker at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern NON_STANDARD = Pattern.compile("Non-standard token '([^']*)'.*");
    private static final Pattern UNKNOWN = Pattern.compile(
            "Unknown property \\[([^\\]]*)\\] encountered during deserialization of type.*", Pattern.DOTALL);

    /** Jackson's {@code StreamReadConstraints} refusals, which name its Java methods. */
    private static final Pattern LIMIT = Pattern.compile(
            "(Document nesting depth|Number value length|String value length|Name length|Document length|Token count)"
                    + " \\((\\d+)\\) exceeds the maximum allowed \\((\\d+), from (?:`[^`]*`|[^)]*)\\)");
    private static final Pattern SCALE = Pattern.compile(
            "BigDecimal scale \\((-?\\d+)\\) magnitude exceeds the maximum allowed \\((\\d+)\\)");

    private BodyErrors() {
    }

    /** One entry of a problem's {@code errors}. */
    record Problem(String field, String message) {
    }

    /**
     * The field path (the JSON path, {@code thresholds.acc.min}, or {@code body}) and the message, from a binding
     * failure.
     */
    static Problem describe(Throwable failure, String frameworkMessage) {
        List<String> members = new ArrayList<>();
        List<ReferencePath> path = List.of();
        Throwable innermost = failure;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SerdeException s && s.getPath().size() > path.size()) {
                path = s.getPath();
            }
            String member = null;
            if (t instanceof InvalidPropertyFormatException p && p.getArgument() != null) {
                member = p.getArgument().getName();
            } else if (t.getMessage() != null) {
                Matcher property = PROPERTY.matcher(t.getMessage());
                member = property.find() ? property.group(1) : null;
            }
            // the same member is named by a wrapper and by the exception it wraps
            if (member != null && (members.isEmpty() || !members.get(members.size() - 1).equals(member))) {
                members.add(member);
            }
            innermost = t;
        }
        // the serde's path also has map keys and list indexes, which the wrappers' messages leave out
        String field = !path.isEmpty() ? jsonPath(path) : members.isEmpty() ? "body" : String.join(".", members);
        String raw = innermost == null || innermost.getMessage() == null ? frameworkMessage : innermost.getMessage();
        String message = plain(raw == null ? "the body is not valid JSON" : raw);
        if (raw != null && UNKNOWN.matcher(raw).lookingAt() && !path.isEmpty()
                && path.get(0) instanceof PropertyReferencePath member) {
            message += known(member.type());
        }
        return new Problem(field, message);
    }

    /** {@code thresholds.acc.min} from the serde's path, which lists the innermost step first. */
    private static String jsonPath(List<ReferencePath> path) {
        StringBuilder sb = new StringBuilder();
        for (int i = path.size() - 1; i >= 0; i--) {
            ReferencePath step = path.get(i);
            if (step instanceof CollectionItemReferencePath item) {
                sb.append('[').append(item.index()).append(']');
                continue;
            }
            String name = step instanceof MapItemReferencePath entry ? entry.key()
                    : step.getArgument() == null ? "?" : step.getArgument().getName();
            sb.append(sb.length() == 0 ? "" : ".").append(name);
        }
        return sb.toString();
    }

    /** "; known fields: a, b, c", so that a misspelt member can be corrected without reading the docs. */
    private static String known(Class<?> type) {
        return BeanIntrospector.SHARED.findIntrospection(type)
                .map(i -> Arrays.stream(i.getPropertyNames()).toList())
                .filter(names -> !names.isEmpty())
                .map(names -> "; known fields: " + String.join(", ", names))
                .orElse("");
    }

    /** The parser's message without its source excerpt, with "(line L, column C)" when it gave one. */
    public static String plain(String message) {
        if (message.startsWith("Required Body")) {
            return "the request has no body; send a JSON object";
        }
        String text = message;
        String location = "";
        int source = text.indexOf("\n at [Source");
        if (source >= 0) {
            Matcher at = LOCATION.matcher(text.substring(source));
            location = at.find() ? " (line " + at.group(1) + ", column " + at.group(2) + ")" : "";
            text = text.substring(0, source);
        }
        int decoding = text.lastIndexOf("]: ");
        if (text.startsWith("Error decoding") && decoding >= 0) {
            text = text.substring(decoding + 3);
        }
        Matcher token = TOKEN.matcher(text);
        if (token.find()) {
            text = "expected " + shape(token.group(2)) + ", got " + shape(token.group(1));
        }
        Matcher unknown = UNKNOWN.matcher(text);
        if (unknown.lookingAt()) {
            text = "unknown field '" + unknown.group(1) + "'";
        }
        Matcher nonStandard = NON_STANDARD.matcher(text);
        if (nonStandard.matches()) {
            text = "'" + nonStandard.group(1) + "' is not a JSON value (NaN and infinities are not numbers in JSON)";
        }
        text = START_MARKER.matcher(text).replaceAll("(opened at line $1, column $2)");
        Matcher limit = LIMIT.matcher(text);
        if (limit.find()) {
            text = limit(limit.group(1), limit.group(3));
        }
        Matcher scale = SCALE.matcher(text);
        if (scale.find()) {
            text = "a number with an exponent beyond " + scale.group(2) + " is not accepted";
        }
        return text.strip() + location;
    }

    private static String limit(String what, String max) {
        switch (what) {
            case "Document nesting depth":
                return "nesting deeper than " + max + " levels is not accepted";
            case "Number value length":
                return "a number longer than " + max + " digits is not accepted";
            case "String value length":
                return "a string longer than " + max + " characters is not accepted";
            case "Name length":
                return "a member name longer than " + max + " characters is not accepted";
            case "Document length":
                return "a body longer than " + max + " characters is not accepted";
            default:
                return "a body of more than " + max + " JSON tokens is not accepted";
        }
    }

    private static String shape(String jacksonToken) {
        switch (jacksonToken) {
            case "START_OBJECT":
                return "a JSON object";
            case "START_ARRAY":
                return "an array";
            case "VALUE_STRING":
                return "a string";
            case "VALUE_NUMBER_INT":
            case "VALUE_NUMBER_FLOAT":
                return "a number";
            case "VALUE_TRUE":
            case "VALUE_FALSE":
                return "a boolean";
            case "VALUE_NULL":
                return "null";
            default:
                return jacksonToken.toLowerCase(java.util.Locale.ROOT);
        }
    }
}
