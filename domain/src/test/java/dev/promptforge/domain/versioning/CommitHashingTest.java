package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.shared.InvalidInput;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class CommitHashingTest {
    private static final PromptName PROMPT = new PromptName("support/triage");
    private static final CommitId A = new CommitId("a".repeat(64));
    private static final CommitId B = new CommitId("b".repeat(64));
    private static final CommitId C = new CommitId("c".repeat(64));
    private static final Instant AT = Instant.parse("2024-05-01T10:00:00.123Z");
    private static final String TEXT = "Hello, {{name}}!\n";
    private static final String CONFIG = "{\"model\":\"gpt-4o\",\"temperature\":0.2}";

    private static Commit known() {
        return Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT, Content.of(TEXT), CONFIG);
    }

    @Test
    void hashesTheDocumentedEncodingToAPinnedId() {
        // written out by hand from CommitEncoding's layout; the id is `sha256sum` of exactly these bytes
        String expected = "promptforge-commit 1\n"
                + "prompt 14:support/triage\n"
                + "parent " + "a".repeat(64) + "\n"
                + "parent " + "b".repeat(64) + "\n"
                + "content sha256:25361d56fa848703cce466c45b1ef87d0394d1a46a1a6138f7cca9531a682bb6 17\n"
                + "config sha256:35983723844d065c22aa08794f041247b70a21a9434c0eb6c124b72de872b976\n"
                + "author 4:Zoë\n"
                + "time 1714557600123\n"
                + "message 27:First version\n\nwith details\n";

        Commit c = known();

        assertThat(CommitEncoding.encode(PROMPT, c.parents(), c.contentHash(), c.contentLength(), c.config(),
                c.author(), c.committedAt(), c.message())).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        assertThat(c.id().hex()).isEqualTo("e6c0a06ba034e266d54288fa73ebb736f954e31442f4dbd19c901027789fd37b");
        assertThat(c.contentHash()).isEqualTo("25361d56fa848703cce466c45b1ef87d0394d1a46a1a6138f7cca9531a682bb6");
        assertThat(c.contentLength()).isEqualTo(17);
    }

    @Test
    void hashesARootCommitWithoutConfigurationToAPinnedId() {
        Commit root = Commit.create(PROMPT, List.of(), "alice", "root", Instant.EPOCH, Content.of(""), null);

        assertThat(root.id().hex()).isEqualTo("fc3fbcc3baa13b8ba530a43968fa8ae35757f28430dae134bd263b754e243793");
    }

    @Test
    void computesTheSameIdEveryTime() {
        assertThat(known().id()).isEqualTo(known().id());
        assertThat(known()).isEqualTo(known());
        assertThat(known().idMatches()).isTrue();
    }

    @Test
    void changesTheIdWhenAnyOneFieldChanges() {
        Content content = Content.of(TEXT);
        List<Commit> variants = List.of(
                known(),
                Commit.create(new PromptName("support/triage2"), List.of(B, A), "Zoë", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(C, A), "Zoë", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(B, C), "Zoë", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(A), "Zoë", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(), "Zoë", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT, Content.of("Hello, {{name}}!"), CONFIG),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT, Content.of("Hello, {{Name}}!\n"), CONFIG),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT, content, null),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT, content, "{}"),
                Commit.create(PROMPT, List.of(B, A), "Zoe", "First version\n\nwith details", AT, content, CONFIG),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details", AT.plusMillis(1), content, CONFIG),
                Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details.", AT, content, CONFIG));
        Set<CommitId> ids = new HashSet<>();
        variants.forEach(v -> ids.add(v.id()));

        assertThat(ids).hasSameSizeAs(variants);
    }

    @Test
    void ignoresParentOrderButKeepsTheFirstParent() {
        Commit ba = known();
        Commit ab = Commit.create(PROMPT, List.of(A, B), "Zoë", "First version\n\nwith details", AT, Content.of(TEXT), CONFIG);

        assertThat(ab.id()).isEqualTo(ba.id());
        assertThat(ba.firstParent()).isEqualTo(B);
        assertThat(ab.firstParent()).isEqualTo(A);
        assertThat(ba.isMerge()).isTrue();
    }

    @Test
    void keepsTheTimeToTheMillisecond() {
        Commit finer = Commit.create(PROMPT, List.of(B, A), "Zoë", "First version\n\nwith details",
                AT.plusNanos(999_999), Content.of(TEXT), CONFIG);

        assertThat(finer.committedAt()).isEqualTo(AT);
        assertThat(finer.id()).isEqualTo(known().id());
    }

    @Test
    void tellsSplitsOfTheSameCharactersBetweenAuthorAndMessageApart() {
        Content content = Content.of("x");
        Commit one = Commit.create(PROMPT, List.of(), "ab", "c", AT, content, null);
        Commit two = Commit.create(PROMPT, List.of(), "a", "bc", AT, content, null);

        assertThat(one.id()).isNotEqualTo(two.id());
        assertThat(new String(CommitEncoding.encode(PROMPT, List.of(), content.hash(), 1, null, "ab", AT, "c"),
                StandardCharsets.UTF_8)).contains("author 2:ab\n").endsWith("message 1:c\n");
    }

    @Test
    void countsLengthPrefixesInUtf8Bytes() {
        Content content = Content.of("x");
        String encoded = new String(CommitEncoding.encode(PROMPT, List.of(), content.hash(), 1, null, "😀é", AT,
                "日本"), StandardCharsets.UTF_8);

        assertThat(encoded).contains("author 6:😀é\n").endsWith("message 6:日本\n");
    }

    @Test
    void noLongerMatchesItsIdWhenAStoredFieldIsAltered() {
        Commit c = known();
        List<UnaryOperator<Commit>> alterations = List.of(
                x -> Commit.restore(x.id(), new PromptName("other"), x.parents(), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), List.of(A), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), List.of(A, C), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), "Mallory", x.message(), x.committedAt(), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), "First version", x.committedAt(), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt().plusSeconds(1), x.contentHash(), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt(), "0".repeat(64), x.contentLength(), x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt(), x.contentHash(), 18, x.config()),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), null),
                x -> Commit.restore(x.id(), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), CONFIG + " "),
                x -> Commit.restore(new CommitId("f".repeat(64)), x.prompt(), x.parents(), x.author(), x.message(), x.committedAt(), x.contentHash(), x.contentLength(), x.config()));

        assertThat(Commit.restore(c.id(), c.prompt(), c.parents(), c.author(), c.message(), c.committedAt(),
                c.contentHash(), c.contentLength(), c.config()).idMatches()).isTrue();
        for (UnaryOperator<Commit> alter : alterations) {
            assertThat(alter.apply(c).idMatches()).isFalse();
        }
    }

    @Test
    void refusesAuthorsAndMessagesThatCouldNotBeStoredFaithfully() {
        Content content = Content.of("x");
        assertThatThrownBy(() -> Commit.create(PROMPT, List.of(), "a\nb", "m", AT, content, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-author"));
        assertThatThrownBy(() -> Commit.create(PROMPT, List.of(), " ", "m", AT, content, null))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Commit.create(PROMPT, List.of(), "a", "  ", AT, content, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-message"));
        assertThatThrownBy(() -> Commit.create(PROMPT, List.of(), "a", "bad \uD800 surrogate", AT, content, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.code()).isEqualTo("versioning.invalid-message"));
        assertThatThrownBy(() -> Commit.create(PROMPT, List.of(A, B, C), "a", "m", AT, content, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
