package dev.chassis.benchmarks.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chassis.core.internal.json.JsonCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serializing the {@code /hello} body: the chassis' {@link JsonCodec#write} into a pooled buffer
 * (released after each write, as the transport does once the response is sent), against plain
 * {@link ObjectMapper#writeValueAsBytes} with the same mapper.
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar -f 1 -wi 3 -i 5 JsonWrite}</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JsonWriteBenchmark {
    /** The body {@code GET /hello} answers. */
    public record Message(String message) {}

    private final Message message = new Message("hello");
    private final ObjectMapper mapper = JsonCodec.defaultMapper(List.of());
    private final JsonCodec codec = new JsonCodec(mapper);
    /** What {@code ctx.alloc()} hands the server: pooled (Netty 4.2's adaptive allocator). */
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;

    @Benchmark
    public int codecIntoPooledBuffer() throws IOException {
        ByteBuf buf = codec.write(alloc, message);
        try {
            return buf.readableBytes();
        } finally {
            buf.release();
        }
    }

    @Benchmark
    public byte[] mapperToBytes() throws IOException {
        return mapper.writeValueAsBytes(message);
    }
}
