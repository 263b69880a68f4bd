package dev.chassis.observability.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.status.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.logstash.logback.appender.listener.AppenderListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CountingAsyncAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("test");
    private final Recorder written = new Recorder();
    private final CountingAsyncAppender async = new CountingAsyncAppender();

    private void start(int queueSize) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        written.setContext(context);
        written.start();
        async.setContext(context);
        async.setQueueSize(queueSize);
        async.addAppender(written);
        async.start();
    }

    @AfterEach
    void stop() {
        written.release.countDown();
        async.stop();
    }

    private void append(int from, int to) {
        for (int i = from; i < to; i++) {
            async.doAppend(new LoggingEvent(Logger.FQCN, logger, Level.INFO, "event {}", null, new Object[] {i}));
        }
    }

    @Test
    void everyEventAppendedWhileThereIsRoomIsWrittenInOrder() {
        start(1024);
        written.release.countDown();
        append(0, 500);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.messages.size() == 500);
        assertThat(written.messages).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(written.messages.get(i)).isEqualTo("event " + i);
        }
        assertThat(async.dropped()).isZero();
    }

    @Test
    void dropsAreCountedAndReportedOnceThereIsRoomAgain() {
        start(16);
        append(0, 1);
        // The worker holds the first event, and its slot, until released: the ring takes 15 more.
        await().atMost(Duration.ofSeconds(5)).until(() -> written.taken == 1);
        append(1, 100);
        long dropped = async.dropped();
        assertThat(dropped).isEqualTo(100 - 16);
        assertThat(warnings()).anyMatch(m -> m.startsWith("Dropped 1 events (and counting...)"));
        assertThat(warnings()).noneMatch(m -> m.contains("total events"));

        written.release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> written.messages.size() == 16);
        append(100, 101);
        // The first event appended after the drops reports how many there were.
        assertThat(warnings()).anyMatch(m -> m.startsWith("Dropped " + dropped + " total events"));
        await().atMost(Duration.ofSeconds(5)).until(() -> written.messages.size() == 17);
        assertThat(written.messages).endsWith("event 100");
        assertThat(async.dropped()).isEqualTo(dropped);

        // Appending goes on as before, with nothing more reported.
        int reports = warnings().size();
        append(101, 111);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.messages.size() == 27);
        assertThat(warnings()).hasSize(reports);
        assertThat(async.dropped()).isEqualTo(dropped);
    }

    @Test
    void anAppenderListenerIsToldOfEveryEventWithTheTimeItTookToAppend() {
        List<Long> durations = new CopyOnWriteArrayList<>();
        async.addListener(new AppenderListener<ILoggingEvent>() {
            @Override
            public void eventAppended(
                    ch.qos.logback.core.Appender<ILoggingEvent> appender, ILoggingEvent event, long durationInNanos) {
                durations.add(durationInNanos);
            }
        });
        start(1024);
        written.release.countDown();
        append(0, 20);
        assertThat(durations).hasSize(20).allMatch(d -> d >= 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> written.messages.size() == 20);
    }

    @Test
    void eventsArePreparedOnTheLoggingThread() throws Exception {
        start(1024);
        written.release.countDown();
        Thread thread = new Thread(
                () -> {
                    context.getMDCAdapter().put("correlationId", "abc");
                    append(0, 1);
                    context.getMDCAdapter().clear();
                },
                "the-logging-thread");
        thread.start();
        thread.join();
        await().atMost(Duration.ofSeconds(5)).until(() -> written.events.size() == 1);
        assertThat(written.events.get(0).getThreadName()).isEqualTo("the-logging-thread");
        assertThat(written.events.get(0).getMDCPropertyMap()).containsEntry("correlationId", "abc");
        assertThat(warnings()).isEmpty();
    }

    private List<String> warnings() {
        return context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() == Status.WARN)
                .map(Status::getMessage)
                .toList();
    }

    /** Records each event's message; holds the worker on the first event until released. */
    private static final class Recorder extends AppenderBase<ILoggingEvent> {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        volatile int taken;

        @Override
        protected void append(ILoggingEvent event) {
            taken++;
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            messages.add(event.getFormattedMessage());
            events.add(event);
        }
    }
}
