package dev.promptforge.app.metrics.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-loop writer on a real Netty event loop of the kind the server runs (NIO). */
class LoopWriterTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventExecutor loop = group.next();
    private final LoopWriter writer = new LoopWriter(loop);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void writesRunOnTheLoopInOrderAndOtherTasksGetInAfterEachChunk() throws Exception {
        int n = 3 * LoopWriter.CHUNK;
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        List<Boolean> onLoop = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(1);
        // queued from a task on the loop, so that nothing runs before all of it is queued, as in a flusher pass
        loop.execute(() -> {
            for (int i = 0; i < n; i++) {
                int k = i;
                writer.execute(() -> {
                    log.add("w" + k);
                    onLoop.add(loop.inEventLoop());
                    if (k == n - 1) {
                        done.countDown();
                    }
                });
            }
            loop.execute(() -> log.add("response"));
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();

        List<String> writes = new ArrayList<>(log);
        writes.remove("response");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("w" + i);
        }
        assertThat(writes).isEqualTo(expected);
        assertThat(onLoop).containsOnly(true);
        assertThat(log.indexOf("response")).as("a task queued behind the burst waits for one chunk, not all of it")
                .isEqualTo(LoopWriter.CHUNK);
    }

    @Test
    void eachProducersWritesKeepTheirOrderWhileSeveralThreadsQueueAtOnce() throws Exception {
        int perThread = 2_000;
        List<List<Integer>> seen = List.of(Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        CountDownLatch done = new CountDownLatch(seen.size() * perThread);
        List<Thread> threads = new ArrayList<>();
        for (List<Integer> mine : seen) {
            Thread t = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int k = i;
                    writer.execute(() -> {
                        mine.add(k);
                        done.countDown();
                    });
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).as("no write is stranded in the queue").isTrue();
        for (List<Integer> mine : seen) {
            assertThat(mine).hasSize(perThread).isSorted();
        }
    }
}
