package dev.chassis.core.internal.tls;

import dev.chassis.core.common.Durations;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.TlsConfig;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS: the SSL context new connections get, rebuilt when its files change. A
 * connection keeps the context it was accepted with; a change that does not load is refused with
 * a log line naming the key and file, and the previous pair keeps serving. Thread-safe.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);

    private final TlsConfig config;
    private final String prefix;
    private final TlsMaterial.Source source;
    private final SslProvider provider;
    private final long handshakeTimeoutMillis;
    private final boolean http2;
    private volatile Loaded current;
    private byte @Nullable [] refused;
    private @Nullable ScheduledFuture<?> watch;

    private record Loaded(TlsMaterial material, SslContext context) {}

    private ServerTls(TlsConfig config, String prefix, boolean http2) {
        this.config = config;
        this.http2 = http2;
        this.prefix = prefix;
        this.source = TlsContexts.source(config, prefix);
        this.provider = TlsContexts.provider(config.provider(), prefix + "provider");
        this.handshakeTimeoutMillis = config.handshakeTimeout().toMillis();
        this.current = load();
    }

    /**
     * Reads and checks the files and builds the context.
     *
     * @param prefix the keys' prefix in messages, such as {@code server.tls.}
     * @throws ConfigException naming the key and file of the first problem
     */
    public static ServerTls create(TlsConfig config, String prefix) {
        return new ServerTls(config, prefix, false);
    }

    /**
     * Reads and checks the files and builds the context; with {@code http2}, ALPN offers {@code h2}
     * and {@code http/1.1}.
     *
     * @throws ConfigException naming the key and file of the first problem
     */
    public static ServerTls create(TlsConfig config, String prefix, boolean http2) {
        return new ServerTls(config, prefix, http2);
    }

    private Loaded load() {
        TlsMaterial material = TlsMaterial.load(source);
        return new Loaded(material, TlsContexts.server(config, material, provider, prefix, http2));
    }

    /** A handler for a new connection, with the current pair. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler handler = current.context().newHandler(alloc);
        handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        return handler;
    }

    /** The handshake deadline. */
    public long handshakeTimeoutMillis() {
        return handshakeTimeoutMillis;
    }

    /** The provider in use: {@code OPENSSL} or {@code JDK}. */
    public SslProvider provider() {
        return provider;
    }

    /** The certificate new connections are served. */
    public X509Certificate certificate() {
        return current.material().leaf();
    }

    /** What a log line says of it: subject, expiry, provider. */
    public String describe() {
        X509Certificate leaf = certificate();
        return leaf.getSubjectX500Principal().getName() + ", valid until "
                + leaf.getNotAfter().toInstant() + ", "
                + provider.name().toLowerCase(java.util.Locale.ROOT) + ", " + String.join("/", config.protocols())
                + ", client-auth " + config.clientAuth();
    }

    /** Checks the files every {@code reload-interval} (when not 0) on this group. */
    public synchronized void startReloading(EventExecutorGroup group) {
        long every = config.reloadInterval().toNanos();
        if (every == 0 || watch != null) {
            return;
        }
        watch = group.scheduleWithFixedDelay(this::checkFiles, every, every, TimeUnit.NANOSECONDS);
    }

    /** Stops checking the files. */
    public synchronized void stopReloading() {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
    }

    /** Reloads when the files changed; true when a new pair now serves. */
    public synchronized boolean checkFiles() {
        byte[] now = TlsMaterial.digestNow(source);
        if (now == null) {
            if (refused == null || refused.length != 0) {
                refused = new byte[0];
                log.warn(
                        "TLS files {} cannot all be read now; new connections keep the certificate loaded before ({})",
                        source.paths(),
                        describe());
            }
            return false;
        }
        if (current.material().sameFiles(now) || Arrays.equals(refused, now)) {
            return false;
        }
        try {
            Loaded loaded = load();
            current = loaded;
            refused = null;
            log.info("TLS certificate reloaded from {}: {}", source.paths(), describe());
            return true;
        } catch (ConfigException e) {
            refused = now;
            log.warn(
                    "refused changed TLS files: {}; new connections keep the certificate loaded before ({})",
                    e.getMessage(),
                    describe());
            return false;
        } catch (RuntimeException e) {
            refused = now;
            log.warn(
                    "refused changed TLS files {}; new connections keep the certificate loaded before ({})",
                    source.paths(),
                    describe(),
                    e);
            return false;
        }
    }

    /** Reads Durations for a log line. */
    public String reloadInterval() {
        return config.reloadInterval().isZero() ? "off" : Durations.format(config.reloadInterval());
    }
}
