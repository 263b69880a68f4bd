package dev.chassis.testkit.kafka;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real {@link KafkaBroker} per test class: started before the class's first test, stopped
 * and deleted after its last. Registered on a static field, or with {@code @ExtendWith} and a
 * {@code KafkaBroker} parameter:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final KafkaExtension kafka = KafkaExtension.create(b -> b.topic("orders", 3));
 *
 * @Test
 * void ordersArrive() {
 *     String bootstrap = kafka.broker().bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private final Consumer<KafkaBroker.Builder> options;
    private volatile @Nullable KafkaBroker broker;

    /** With the broker's defaults; for {@code @ExtendWith(KafkaExtension.class)}. */
    public KafkaExtension() {
        this(b -> {});
    }

    private KafkaExtension(Consumer<KafkaBroker.Builder> options) {
        this.options = options;
    }

    /** An extension whose broker has the defaults. */
    public static KafkaExtension create() {
        return new KafkaExtension();
    }

    /** An extension whose broker the consumer configures (topics, auto-creation, JVM options). */
    public static KafkaExtension create(Consumer<KafkaBroker.Builder> options) {
        return new KafkaExtension(requireNonNull(options, "options"));
    }

    /**
     * The running broker.
     *
     * @throws IllegalStateException outside the test class's lifetime
     */
    public KafkaBroker broker() {
        KafkaBroker b = broker;
        if (b == null) {
            throw new IllegalStateException(
                    "no broker: it runs from before the test class's first test to after its last (expected: a static field)");
        }
        return b;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        KafkaBroker.Builder builder = KafkaBroker.builder();
        options.accept(builder);
        broker = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KafkaBroker b = broker;
        broker = null;
        if (b != null) {
            b.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return broker();
    }
}
