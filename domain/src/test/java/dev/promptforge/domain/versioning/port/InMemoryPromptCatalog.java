package dev.promptforge.domain.versioning.port;

import dev.promptforge.domain.shared.Conflict;
import dev.promptforge.domain.shared.InvalidInput;
import dev.promptforge.domain.shared.Page;
import dev.promptforge.domain.shared.WorkspaceId;
import dev.promptforge.domain.versioning.PromptName;
import dev.promptforge.domain.versioning.PromptSummary;
import dev.promptforge.domain.versioning.Ref;
import dev.promptforge.domain.versioning.RefName;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link PromptCatalog} fake. Summaries come from the {@code main} branch in the given {@link RefStore} (a prompt
 * without one is not listed, as with the SQL join). Search is simple: every word of the query must begin a word of
 * the name or the indexed content, ignoring case and accents; results are ordered by name, not by relevance.
 * Names sort by their UTF-8 bytes, as SQLite's default collation does. Thread-safe (synchronised).
 */
public final class InMemoryPromptCatalog implements PromptCatalog {
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final Comparator<PromptName> BY_UTF8 = (a, b) -> Arrays.compareUnsigned(utf8(a.value()),
            utf8(b.value()));

    private final RefStore refs;
    private final Map<WorkspaceId, Map<PromptName, String>> indexed = new HashMap<>();

    public InMemoryPromptCatalog(RefStore refs) {
        this.refs = refs;
    }

    @Override
    public synchronized void create(WorkspaceId ws, PromptName name, Instant at) {
        Map<PromptName, String> prompts = indexed.computeIfAbsent(ws, k -> new HashMap<>());
        if (prompts.containsKey(name)) {
            throw new Conflict("versioning.prompt-exists", "a prompt named '" + name + "' already exists");
        }
        prompts.put(name, "");
    }

    @Override
    public synchronized boolean exists(WorkspaceId ws, PromptName name) {
        return indexed.getOrDefault(ws, Map.of()).containsKey(name);
    }

    @Override
    public synchronized Page<PromptSummary> list(WorkspaceId ws, String query, String cursor, int limit) {
        String from = parse(cursor, query != null);
        List<PromptSummary> all = new ArrayList<>();
        List<String> terms = query == null ? List.of() : words(query);
        if (query != null && terms.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        for (PromptName name : all(ws)) {
            if (query == null && Arrays.compareUnsigned(utf8(name.value()), utf8(from)) <= 0) {
                continue;
            }
            if (query != null && !matches(terms, name.value() + " " + indexed.get(ws).get(name))) {
                continue;
            }
            Optional<Ref> main = refs.find(ws, name, RefName.MAIN);
            main.ifPresent(m -> all.add(new PromptSummary(name, m.target(), m.updatedAt())));
        }
        if (query == null) {
            boolean more = all.size() > limit;
            List<PromptSummary> shown = more ? all.subList(0, limit) : all;
            return new Page<>(shown, more ? encode("n:" + shown.get(shown.size() - 1).name().value()) : null);
        }
        int offset = from.isEmpty() ? 0 : Integer.parseInt(from);
        List<PromptSummary> rest = all.subList(Math.min(offset, all.size()), all.size());
        boolean more = rest.size() > limit;
        return new Page<>(more ? rest.subList(0, limit) : rest, more ? encode("o:" + (offset + limit)) : null);
    }

    @Override
    public synchronized void index(WorkspaceId ws, PromptName name, String content) {
        Map<PromptName, String> prompts = indexed.get(ws);
        if (prompts != null && prompts.containsKey(name)) {
            prompts.put(name, content);
        }
    }

    @Override
    public synchronized List<PromptName> all(WorkspaceId ws) {
        return indexed.getOrDefault(ws, Map.of()).keySet().stream().sorted(BY_UTF8).toList();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean matches(List<String> terms, String text) {
        List<String> words = words(text);
        return terms.stream().allMatch(t -> words.stream().anyMatch(w -> w.startsWith(t)));
    }

    private static List<String> words(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(folded);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }

    /** The name after which a listing goes on, or the offset of a search; "" for the first page. */
    private static String parse(String cursor, boolean search) {
        if (cursor == null || cursor.isEmpty()) {
            return "";
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (!search && s.startsWith("n:")) {
                return s.substring(2);
            }
            if (search && s.startsWith("o:")) {
                return Integer.toString(Integer.parseInt(s.substring(2)));
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw InvalidInput.field("versioning.invalid-cursor", "cursor", "cursor is not a nextCursor value of this listing");
    }

    private static String encode(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
