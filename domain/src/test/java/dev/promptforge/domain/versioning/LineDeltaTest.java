package dev.promptforge.domain.versioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.promptforge.domain.versioning.port.LcsDiffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineDeltaTest {
    private static final LcsDiffer DIFFER = new LcsDiffer();
    private static final String OLD = "one\ntwo\nthree\n";

    private static byte[] delta(String a, String b) {
        List<String> x = Lines.split(a);
        List<String> y = Lines.split(b);
        return LineDelta.encode(x, y, DIFFER.diff(x, y).edits());
    }

    private static String apply(String a, byte[] delta) {
        List<Utf8Lines.Line> lines = Utf8Lines.split(utf8(a));
        LineDelta.apply(lines, delta);
        assertThat(Utf8Lines.utf8(lines)).isEqualTo(utf8(Utf8Lines.text(lines)));
        return Utf8Lines.text(lines);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rebuildsTheNewTextByteForByteForManyRandomPairs() {
        Random rnd = new Random(7);
        List<String> texts = new ArrayList<>(RandomTexts.edgeCases());
        for (int i = 0; i < 300; i++) {
            texts.add(RandomTexts.text(rnd));
        }
        for (String a : texts) {
            for (String b : List.of(RandomTexts.edit(rnd, a), RandomTexts.text(rnd), "", a + "\n", "\n" + a)) {
                assertThat(utf8(apply(a, delta(a, b)))).as("%s -> %s", a, b).isEqualTo(utf8(b));
            }
        }
        for (String a : RandomTexts.edgeCases()) {
            for (String b : RandomTexts.edgeCases()) {
                assertThat(apply(a, delta(a, b))).isEqualTo(b);
            }
        }
    }

    @Test
    void writesAZeroContextUnifiedDiff() {
        assertThat(new String(delta(OLD, "one\n2\nthree\nfour\n"), StandardCharsets.UTF_8))
                .isEqualTo("@@ -2,1 +2,1 @@\n-two\n+2\n@@ -3,0 +4,1 @@\n+four\n");
        assertThat(new String(delta(OLD, "three\n"), StandardCharsets.UTF_8))
                .isEqualTo("@@ -1,2 +0,0 @@\n-one\n-two\n");
        assertThat(delta(OLD, OLD)).isEmpty();
    }

    @Test
    void changesNothingWithAnEmptyDelta() {
        assertThat(apply(OLD, new byte[0])).isEqualTo(OLD);
    }

    @Test
    void rejectsADeltaWhoseRemovedLineWasAltered() {
        assertThatThrownBy(() -> apply(OLD, utf8("@@ -2,1 +2,1 @@\n-twx\n+2\n"))).isInstanceOf(LineDelta.Corrupt.class);
        assertThatThrownBy(() -> apply(OLD, utf8("@@ -2,1 +2,1 @@\n-tw\n+2\n"))).isInstanceOf(LineDelta.Corrupt.class);
        assertThatThrownBy(() -> apply(OLD, utf8("@@ -2,1 +2,1 @@\n-twoo\n+2\n"))).isInstanceOf(LineDelta.Corrupt.class);
        assertThatThrownBy(() -> apply(OLD, utf8("@@ -2,1 +2,1 @@\n+two\n+2\n"))).isInstanceOf(LineDelta.Corrupt.class);
        assertThatThrownBy(() -> apply(OLD, utf8("@@ -1,1 +1,1 @@\n-two\n+2\n"))).isInstanceOf(LineDelta.Corrupt.class);
    }

    @Test
    void rejectsADeltaAppliedToTheWrongText() {
        byte[] d = delta(OLD, "one\n2\nthree\n");

        assertThatThrownBy(() -> apply("one\nTWO\nthree\n", d)).isInstanceOf(LineDelta.Corrupt.class);
        assertThatThrownBy(() -> apply("one\n", d)).isInstanceOf(LineDelta.Corrupt.class);
    }

    @Test
    void rejectsBrokenHunkHeaders() {
        for (String broken : List.of(
                "@@ -2,1 +2,1\n-two\n+2\n",
                "@ -2,1 +2,1 @@\n-two\n+2\n",
                "@@ -2 +2,1 @@\n-two\n+2\n",
                "@@ -x,1 +2,1 @@\n-two\n+2\n",
                "@@ -2,1 2,1 @@\n-two\n+2\n",
                "@@ -2,-1 +2,1 @@\n+2\n",
                "@@ -2,1 +2,1 @@",
                "@@ -2,1 +2,1 @@\n-two\n",
                "@@ -2,1 +2,1 @@\n-two\n+2",
                "@@ -9,1 +9,1 @@\n-two\n+2\n",
                "@@ -3,1 +3,1 @@\n-three\n+3\n@@ -1,1 +1,1 @@\n-one\n+1\n",
                "@@ -2,1 +2,1 @@\n-two\n+2\ntrailing garbage\n",
                "@@ -99999999999,1 +2,1 @@\n-two\n+2\n")) {
            assertThatThrownBy(() -> apply(OLD, utf8(broken))).as("%s", broken).isInstanceOf(LineDelta.Corrupt.class);
        }
    }
}
