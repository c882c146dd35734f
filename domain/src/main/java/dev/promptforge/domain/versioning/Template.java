package dev.promptforge.domain.versioning;

import dev.promptforge.domain.shared.InvalidInput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt text with {@code {{variable}}} placeholders (names of letters, digits, {@code _ . -}, starting with a
 * letter or {@code _}; spaces inside the braces are allowed). Values are inserted verbatim, never re-scanned.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_.-]*)\\s*}}");

    private Template() {
    }

    /** The variable names used, in order of first use. */
    public static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The text with every placeholder replaced; 400 listing every variable without a value. */
    public static String render(String text, Map<String, String> values) {
        List<InvalidInput.FieldError> missing = new ArrayList<>();
        for (String name : variables(text)) {
            if (!values.containsKey(name)) {
                missing.add(new InvalidInput.FieldError("variables." + name, "no value given for {{" + name + "}}"));
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInput("versioning.missing-variables", "missing values for " + missing.size()
                    + " variable(s): " + String.join(", ", missing.stream().map(e -> e.field().substring(10)).toList()),
                    missing);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
