package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.domain.versioning.port.LcsDiffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDiffTest {
    private static final String OLD = "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten";
    private static final String NEW = "one\n2\nthree\nfour\nfive\nsix\nseven\neight\nnine\nTEN\n";
    private static final String EXPECTED = """
            --- a/greeting
            +++ b/greeting
            @@ -1,5 +1,5 @@
             one
            -two
            +2
             three
             four
             five
            @@ -7,4 +7,4 @@
             seven
             eight
             nine
            -ten
            \\ No newline at end of file
            +TEN
            """;

    private static TextDiff diff(String a, String b, int context) {
        List<String> x = Lines.withTerminators(a);
        List<String> y = Lines.withTerminators(b);
        return TextDiff.of(x, y, new LcsDiffer().diff(x, y).edits(), context);
    }

    @Test
    void rendersAKnownDiffExactlyAsDiffDashUDoes() {
        assertThat(diff(OLD, NEW, 3).unified("greeting", "greeting")).isEqualTo(EXPECTED);
    }

    @Test
    void joinsChangesCloserThanTwiceTheContextIntoOneHunk() {
        String b = OLD.replace("two", "2").replace("eight", "8");
        TextDiff d = diff(OLD, b, 3);

        assertThat(d.hunks()).singleElement().satisfies(h -> {
            assertThat(h.oldStart()).isEqualTo(1);
            assertThat(h.oldLines()).isEqualTo(10);
            assertThat(h.newLines()).isEqualTo(10);
        });
        assertThat(diff(OLD, b, 2).hunks()).hasSize(2);
    }

    @Test
    void numbersEmptyRangesByTheLineBefore() {
        assertThat(diff("", "a\nb\n", 3).unified("p", "p")).isEqualTo("--- a/p\n+++ b/p\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        assertThat(diff("a\nb\n", "", 3).unified("p", "p")).isEqualTo("--- a/p\n+++ b/p\n@@ -1,2 +0,0 @@\n-a\n-b\n");
        assertThat(diff("a\nb\nc\n", "a\nc\n", 0).unified("p", "p")).isEqualTo("--- a/p\n+++ b/p\n@@ -2,1 +1,0 @@\n-b\n");
    }

    @Test
    void marksTheLastLineWhenOnlyTheFinalNewlineChanges() {
        assertThat(diff("a\nb", "a\nb\n", 3).unified("p", "p"))
                .isEqualTo("--- a/p\n+++ b/p\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
    }

    @Test
    void isEmptyBetweenEqualTexts() {
        assertThat(diff(OLD, OLD, 3).isEmpty()).isTrue();
        assertThat(diff(OLD, OLD, 3).unified("p", "p")).isEmpty();
    }

    @Test
    void producesPatchesThatGitAppliesToTheNewTextByteForByte(@TempDir Path dir) throws IOException {
        GitCli.assumeAvailable();
        List<String[]> pairs = new ArrayList<>();
        pairs.add(new String[] {OLD, NEW});
        pairs.add(new String[] {"", "first\n"});
        pairs.add(new String[] {"only\n", ""});
        pairs.add(new String[] {"a\r\nb\r\n", "a\r\nB\r\nc"});
        Random rnd = new Random(99);
        for (int i = 0; i < 60; i++) {
            String a = RandomTexts.text(rnd) + RandomTexts.text(rnd);
            pairs.add(new String[] {a, RandomTexts.edit(rnd, a)});
        }
        List<String> patches = new ArrayList<>();
        patches.add("apply");
        for (int i = 0; i < pairs.size(); i++) {
            String[] pair = pairs.get(i);
            Files.writeString(dir.resolve("f" + i), pair[0], StandardCharsets.UTF_8);
            String patch = diff(pair[0], pair[1], 1 + i % 3).unified("f" + i, "f" + i);
            if (!patch.isEmpty()) {
                Files.writeString(dir.resolve("p" + i + ".patch"), patch, StandardCharsets.UTF_8);
                patches.add("p" + i + ".patch");
            }
        }

        GitCli.run(dir, null, patches.toArray(String[]::new));

        for (int i = 0; i < pairs.size(); i++) {
            assertThat(Files.readAllBytes(dir.resolve("f" + i))).as("file %d: %s", i, pairs.get(i)[1])
                    .isEqualTo(pairs.get(i)[1].getBytes(StandardCharsets.UTF_8));
        }
    }
}
