package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FetchBodiesTest {
    private final AtomicInteger made = new AtomicInteger();

    private byte[] body(int size) {
        made.incrementAndGet();
        return new byte[size];
    }

    @Test
    void keepsBodiesByCommitAndRefAndDropsTheLeastRecentlyUsedOverBudget() {
        FetchBodies bodies = new FetchBodies(800);
        byte[] a = bodies.get("c1", "production", () -> body(100));
        assertThat(bodies.get("c1", "production", () -> body(100))).isSameAs(a);
        bodies.get("c1", "main", () -> body(100));
        assertThat(made).as("another ref is another body").hasValue(2);

        for (int i = 2; i <= 7; i++) {
            bodies.get("c" + i, "main", () -> body(100));
            bodies.get("c1", "production", () -> body(100)); // keeps c1/production recently used
        }
        assertThat(bodies.size()).isEqualTo(8);
        bodies.get("c8", "main", () -> body(100));
        assertThat(bodies.size()).as("800 bytes hold eight").isEqualTo(8);
        assertThat(bodies.get("c1", "production", () -> body(100))).as("used recently, still kept").isSameAs(a);
        int before = made.get();
        bodies.get("c1", "main", () -> body(100));
        assertThat(made).as("the least recently used was dropped").hasValue(before + 1);
    }

    @Test
    void doesNotKeepABodyLargerThanAnEighthOfTheBudget() {
        FetchBodies bodies = new FetchBodies(800);
        bodies.get("big", "main", () -> body(101));
        bodies.get("big", "main", () -> body(101));
        assertThat(made).hasValue(2);
        assertThat(bodies.size()).isZero();
    }
}
