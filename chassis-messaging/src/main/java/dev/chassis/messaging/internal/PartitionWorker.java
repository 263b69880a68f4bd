package dev.chassis.messaging.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The records of one partition, handled one after another off the poll thread; a permit of the
 * group's semaphore bounds how many partitions run at once. {@link #done()} is the next offset to
 * commit. Thread-safe.
 */
final class PartitionWorker implements Runnable {
    private final TopicPartition partition;
    private final RecordHandler handler;
    private final Executor executor;
    private final Semaphore permits;
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> queue = new ArrayDeque<>();
    private boolean scheduled;
    private boolean running;
    private boolean revoked;
    private volatile long done = -1;
    /** Touched by the poll thread only. */
    long committed = -1;

    boolean paused;

    PartitionWorker(TopicPartition partition, RecordHandler handler, Executor executor, Semaphore permits) {
        this.partition = partition;
        this.handler = handler;
        this.executor = executor;
        this.permits = permits;
    }

    TopicPartition partition() {
        return partition;
    }

    long done() {
        return done;
    }

    synchronized void enqueue(List<ConsumerRecord<byte[], byte[]>> records) {
        if (revoked) {
            return;
        }
        queue.addAll(records);
        if (!scheduled) {
            scheduled = true;
            executor.execute(this);
        }
    }

    /** Records fetched and not yet handled, the one in the handler included. */
    synchronized int pending() {
        return queue.size() + (running ? 1 : 0);
    }

    /** Takes no more records, drops those not started, and waits up to the timeout for the one in the handler. */
    synchronized boolean revoke(long timeoutMillis) throws InterruptedException {
        revoked = true;
        queue.clear();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (scheduled) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    @Override
    public void run() {
        try {
            while (true) {
                ConsumerRecord<byte[], byte[]> record;
                synchronized (this) {
                    record = revoked ? null : queue.poll();
                    if (record == null) {
                        // Under the same lock as enqueue, so no record is left without a run.
                        scheduled = false;
                        notifyAll();
                        return;
                    }
                    running = true;
                }
                permits.acquire();
                boolean finished;
                try {
                    finished = handler.handle(record);
                } finally {
                    permits.release();
                    synchronized (this) {
                        running = false;
                    }
                }
                if (!finished) {
                    synchronized (this) {
                        // Stopping: what is left is read again by whoever owns the partition next.
                        queue.clear();
                        revoked = true;
                        scheduled = false;
                        notifyAll();
                    }
                    return;
                }
                done = record.offset() + 1;
            }
        } catch (InterruptedException | RuntimeException | Error e) {
            synchronized (this) {
                queue.clear();
                revoked = true;
                scheduled = false;
                notifyAll();
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            } else if (e instanceof RuntimeException r) {
                throw r;
            } else {
                throw (Error) e;
            }
        }
    }
}
