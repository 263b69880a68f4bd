package dev.chassis.observability.internal;

import dev.chassis.core.lifecycle.LifecycleParticipant;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.logging.LogbackMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** What observability starts and stops with the service. */
public final class ObservabilityParticipants {
    /** Stops after every resource, so the last requests' logs and spans get out. */
    static final int PHASE_LAST = LifecycleParticipant.PHASE_RESOURCES - 90;

    private ObservabilityParticipants() {}

    /** JVM, process and logging meters; bound at start, released at stop. */
    public static LifecycleParticipant jvmMetrics(MeterRegistry registry) {
        return new LifecycleParticipant() {
            private @Nullable JvmGcMetrics gc;
            private @Nullable LogbackMetrics logback;

            @Override
            public String name() {
                return "jvm metrics";
            }

            @Override
            public int phase() {
                return PHASE_LAST;
            }

            @Override
            public void start() {
                new JvmMemoryMetrics().bindTo(registry);
                new JvmThreadMetrics().bindTo(registry);
                new ClassLoaderMetrics().bindTo(registry);
                new JvmInfoMetrics().bindTo(registry);
                new ProcessorMetrics().bindTo(registry);
                new UptimeMetrics().bindTo(registry);
                new FileDescriptorMetrics().bindTo(registry);
                gc = new JvmGcMetrics();
                gc.bindTo(registry);
                if (org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext) {
                    logback = new LogbackMetrics();
                    logback.bindTo(registry);
                }
            }

            @Override
            public void stop() {
                if (gc != null) {
                    gc.close();
                }
                if (logback != null) {
                    logback.close();
                }
            }
        };
    }

    /** Exports what is left of the spans when the service stops. */
    public static LifecycleParticipant tracing(OpenTelemetrySdk sdk) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "tracing";
            }

            @Override
            public int phase() {
                return PHASE_LAST;
            }

            @Override
            public void stop() {
                sdk.getSdkTracerProvider().shutdown().join(5, TimeUnit.SECONDS);
            }
        };
    }

    /** Flushes the log queue at the very end and logs synchronously afterwards. */
    public static LifecycleParticipant logging(LogPipeline logs) {
        return new LifecycleParticipant() {
            @Override
            public String name() {
                return "logging";
            }

            @Override
            public int phase() {
                return PHASE_LAST - 10;
            }

            @Override
            public void stop() {
                logs.goSynchronous().run();
            }
        };
    }
}
