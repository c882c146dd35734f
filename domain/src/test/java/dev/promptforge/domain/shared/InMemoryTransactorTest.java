package dev.promptforge.domain.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryTransactorTest {
    private final InMemoryTransactor tx = new InMemoryTransactor();

    @Test
    void joinsNestedUnitsOnTheSameThread() {
        assertThat(tx.inTransaction(() -> tx.inTransaction(() -> "inner") + " then outer")).isEqualTo("inner then outer");
    }

    @Test
    void runsOneUnitAtATime() throws Exception {
        int[] inside = {0};
        int[] most = {0};
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> tx.inTransaction(() -> {
                    inside[0]++;
                    most[0] = Math.max(most[0], inside[0]);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside[0]--;
                    return null;
                })));
            }
            for (Future<?> f : all) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(most[0]).isEqualTo(1);
    }
}
