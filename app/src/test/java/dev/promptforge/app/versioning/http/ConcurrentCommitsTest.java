package dev.promptforge.app.versioning.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.promptforge.app.support.ApiTestSupport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@MicronautTest
class ConcurrentCommitsTest extends ApiTestSupport {
    private static final String P = "/api/v1/prompts";

    @Test
    void fiftyConcurrentCommitsOnOneHeadHaveExactlyOneWinner() throws Exception {
        String head = post(P, Map.of("name", "race/prompt", "content", "start\n", "message", "m")).str("commit");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Res>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            results.add(pool.submit(() -> {
                go.await();
                return post(P + "/" + enc("race/prompt") + "/commits", Map.of("branch", "main", "expectedHead", head,
                        "content", "writer " + n + "\n", "message", "writer " + n));
            }));
        }
        go.countDown();
        List<Res> won = new ArrayList<>();
        List<Res> lost = new ArrayList<>();
        for (Future<Res> f : results) {
            Res r = f.get();
            (r.status() == 201 ? won : lost).add(r);
        }
        pool.shutdown();
        assertThat(won).hasSize(1);
        assertThat(lost).hasSize(49).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.str("code")).isEqualTo("versioning.ref-stale");
            assertThat(r.str("currentHead")).isEqualTo(won.get(0).str("commit"));
        });
        List<Map<String, Object>> log = get(P + "/" + enc("race/prompt") + "/commits").items();
        assertThat(log).hasSize(2);
        assertThat(log.get(0).get("id")).isEqualTo(won.get(0).str("commit"));
        assertThat((List<Object>) log.get(0).get("parents")).containsExactly(head);
        assertThat(get(P + "/" + enc("race/prompt") + "/refs/main/history").items()).hasSize(2);
        assertThat(get(P + "/" + enc("race/prompt") + "/verify").map()).containsEntry("ok", true)
                .containsEntry("checked", 2);
    }
}
