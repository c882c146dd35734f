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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-loop writers on real Netty event loops of the kind the server runs (NIO), and their turns. */
class LoopWriterTest {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventExecutor loop = group.next();
    private final LoopWriter writer = new LoopWriter(loop, new WriteTurns(1));
    private final EventLoopGroup others = new MultiThreadIoEventLoopGroup(3, NioIoHandler.newFactory());

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        others.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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

    @Test
    void loopsWriteOneAtATimeWithOneTurnAndSideBySideWithMore() throws Exception {
        assertThat(mostWritingAtOnce(1)).as("one turn: never two loops writing at the same moment").isEqualTo(1);
        assertThat(mostWritingAtOnce(3)).as("three turns: the loops overlap (the check above can fail)")
                .isGreaterThan(1);
    }

    @Test
    void aWriteThatThrowsAnErrorStillHandsTheTurnOn() throws Exception {
        WriteTurns turns = new WriteTurns(1);
        List<EventExecutor> loops = new ArrayList<>();
        others.forEach(loops::add);
        LoopWriter a = new LoopWriter(loops.get(0), turns);
        LoopWriter b = new LoopWriter(loops.get(1), turns);
        CountDownLatch ran = new CountDownLatch(2);
        // Netty logs the error and keeps its loop running; the writer must not keep the only turn
        a.execute(() -> {
            throw new AssertionError("a write failing with an Error (expected by this test)");
        });
        a.execute(ran::countDown);
        b.execute(ran::countDown);
        assertThat(ran.await(5, TimeUnit.SECONDS)).as("the failed write's loop and the other loop both wrote again")
                .isTrue();
    }

    /**
     * Three loops, each given 4 chunks of writes at once from another thread, each write busy for 50 us; returns the
     * most loops seen inside a write at the same moment, after checking every write ran, in order, on its loop.
     */
    private int mostWritingAtOnce(int concurrency) throws Exception {
        WriteTurns turns = new WriteTurns(concurrency);
        List<EventExecutor> loops = new ArrayList<>();
        others.forEach(loops::add);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int perLoop = 4 * LoopWriter.CHUNK;
        CountDownLatch done = new CountDownLatch(loops.size() * perLoop);
        List<List<Integer>> seen = new ArrayList<>();
        List<LoopWriter> writers = new ArrayList<>();
        for (EventExecutor l : loops) {
            writers.add(new LoopWriter(l, turns));
            seen.add(Collections.synchronizedList(new ArrayList<>()));
        }
        for (int i = 0; i < perLoop; i++) {
            for (int w = 0; w < writers.size(); w++) {
                int k = i;
                EventExecutor l = loops.get(w);
                List<Integer> mine = seen.get(w);
                writers.get(w).execute(() -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    long until = System.nanoTime() + 50_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    inside.decrementAndGet();
                    if (l.inEventLoop()) {
                        mine.add(k);
                    }
                    done.countDown();
                });
            }
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).as("every write ran").isTrue();
        for (List<Integer> mine : seen) {
            assertThat(mine).as("on its own loop, in order").hasSize(perLoop).isSorted();
        }
        // the last writer hands back its turn just after its last write
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (turns.writing() > 0 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        assertThat(turns.writing()).as("every turn handed back").isZero();
        return most.get();
    }
}
