package dev.chassis.core.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ThreadKindRecyclerPoolTest {
    private final ThreadKindRecyclerPool pool = new ThreadKindRecyclerPool();

    @Test
    void aServerThreadKeepsItsOwnBuffersAndLeavesTheSharedPoolAlone() throws Exception {
        List<BufferRecycler> taken = onServerThread(() -> {
            BufferRecycler first = pool.acquireAndLinkPooled();
            first.releaseToPool();
            BufferRecycler second = pool.acquireAndLinkPooled();
            second.releaseToPool();
            return List.of(first, second);
        });
        assertThat(taken.get(1)).isSameAs(taken.get(0));
        assertThat(pool.pooledCount()).isZero();
        // Another server thread has buffers of its own.
        BufferRecycler other = onServerThread(pool::acquireAndLinkPooled);
        assertThat(other).isNotSameAs(taken.get(0));
    }

    @Test
    void otherThreadsShareBuffersThroughThePool() throws Exception {
        BufferRecycler first = onPlainThread(() -> {
            BufferRecycler recycler = pool.acquireAndLinkPooled();
            recycler.releaseToPool();
            return recycler;
        });
        assertThat(pool.pooledCount()).isEqualTo(1);
        BufferRecycler second = onPlainThread(pool::acquireAndLinkPooled);
        assertThat(second).isSameAs(first);
        assertThat(pool.pooledCount()).isZero();
    }

    @Test
    void buffersTakenWithoutALinkComeFromAndGoBackToTheSharedPool() throws Exception {
        BufferRecycler taken = onServerThread(() -> {
            BufferRecycler recycler = pool.acquirePooled();
            pool.releasePooled(recycler);
            return recycler;
        });
        assertThat(pool.pooledCount()).isEqualTo(1);
        assertThat(onPlainThread(pool::acquirePooled)).isSameAs(taken);
    }

    @Test
    void theChassisMapperWritesAndReadsOnEitherKindOfThread() throws Exception {
        ObjectMapper mapper = JsonCodec.defaultMapper(List.of());
        Supplier<Object> roundTrip = () -> {
            try {
                return mapper.readValue(mapper.writeValueAsBytes(Map.of("a", "b".repeat(20_000))), Map.class)
                        .get("a");
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(onServerThread(roundTrip)).isEqualTo("b".repeat(20_000));
        assertThat(onPlainThread(roundTrip)).isEqualTo("b".repeat(20_000));
    }

    private static <T> T onServerThread(Supplier<T> task) throws InterruptedException, ExecutionException {
        CompletableFuture<T> result = new CompletableFuture<>();
        return run(new FastThreadLocalThread(() -> complete(result, task)), result);
    }

    private static <T> T onPlainThread(Supplier<T> task) throws InterruptedException, ExecutionException {
        CompletableFuture<T> result = new CompletableFuture<>();
        return run(new Thread(() -> complete(result, task)), result);
    }

    private static <T> void complete(CompletableFuture<T> result, Supplier<T> task) {
        try {
            result.complete(task.get());
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private static <T> T run(Thread thread, CompletableFuture<T> result)
            throws InterruptedException, ExecutionException {
        thread.start();
        thread.join();
        return result.get();
    }
}
