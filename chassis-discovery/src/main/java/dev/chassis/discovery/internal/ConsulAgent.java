package dev.chassis.discovery.internal;

import dev.chassis.core.config.ConfigException;
import dev.chassis.discovery.config.ConsulConfig;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.ConsulException;
import org.kiwiproject.consul.NotRegisteredException;
import org.kiwiproject.consul.config.CacheConfig;
import org.kiwiproject.consul.config.ClientConfig;
import org.kiwiproject.consul.model.ConsulResponse;
import org.kiwiproject.consul.model.State;
import org.kiwiproject.consul.model.agent.Registration;
import org.kiwiproject.consul.model.health.ServiceHealth;
import org.kiwiproject.consul.model.kv.Value;
import org.kiwiproject.consul.option.ConsistencyMode;
import org.kiwiproject.consul.option.ImmutableQueryOptions;
import org.kiwiproject.consul.option.QueryOptions;

/**
 * The calls the module makes to the local Consul agent, through consul-client: one HTTP client
 * (okhttp) with the ACL token, TLS trust and timeouts of {@link ConsulConfig}. A blocking query's
 * read timeout is raised by consul-client's timeout adjustment to {@code wait + wait/16} plus
 * {@code timeout}, so Consul's jitter never times it out. Thread-safe.
 */
public final class ConsulAgent implements AutoCloseable {
    private final Consul consul;
    private final URI url;
    private final String datacenter;

    private ConsulAgent(Consul consul, URI url, String datacenter) {
        this.consul = consul;
        this.url = url;
        this.datacenter = datacenter;
    }

    /**
     * A client of the agent at {@code config.url()}.
     *
     * @param environment where {@value ConsulConfig#TOKEN_VARIABLE} is read when the
     *     configuration has no token
     * @throws ConfigException if the trust store cannot be read
     */
    public static ConsulAgent create(ConsulConfig config, Map<String, String> environment) {
        int timeout = (int) config.timeout().toMillis();
        Consul.Builder builder = Consul.builder()
                .withUrl(config.url().toString())
                .withPing(false)
                .withConnectTimeoutMillis(timeout)
                .withReadTimeoutMillis(timeout)
                .withWriteTimeoutMillis(timeout)
                .withClientConfiguration(new ClientConfig(CacheConfig.builder()
                        .withTimeoutAutoAdjustmentEnabled(true)
                        .withTimeoutAutoAdjustmentMargin(config.timeout())
                        .build()));
        String token = token(config, environment);
        if (!token.isEmpty()) {
            builder.withTokenAuth(token);
        }
        if (config.https() && !config.tls().trustStore().isEmpty()) {
            X509TrustManager trust = trustManager(config.tls());
            builder.withSslContext(sslContext(trust)).withTrustManager(trust);
        }
        return new ConsulAgent(builder.build(), config.url(), config.datacenter());
    }

    /** The token from configuration, else from {@value ConsulConfig#TOKEN_VARIABLE}; empty for none. */
    static String token(ConsulConfig config, Map<String, String> environment) {
        if (!config.token().isEmpty()) {
            return config.token();
        }
        String fromEnvironment = environment.get(ConsulConfig.TOKEN_VARIABLE);
        return fromEnvironment == null ? "" : fromEnvironment.strip();
    }

    /** The agent's base URL, for messages. */
    public URI url() {
        return url;
    }

    /** {@code PUT /v1/agent/service/register}. */
    void register(Registration registration) {
        consul.agentClient().register(registration);
    }

    /** {@code PUT /v1/agent/service/deregister/<id>}; an ID the agent does not know counts as done. */
    void deregister(String serviceId) {
        try {
            consul.agentClient().deregister(serviceId);
        } catch (ConsulException e) {
            if (!(e.hasCode() && e.getCode() == 404)) {
                throw e;
            }
        }
    }

    /** What a TTL update came to. */
    enum TtlUpdate {
        /** Taken. */
        DONE,
        /** The agent does not know the check: it lost the registration. */
        UNKNOWN_CHECK
    }

    /**
     * {@code PUT /v1/agent/check/pass|fail/<id>?note=}.
     *
     * @throws ConsulException when the agent cannot be reached or fails otherwise
     */
    TtlUpdate updateTtl(String checkId, boolean passing, String note) {
        try {
            consul.agentClient().check(checkId, passing ? State.PASS : State.FAIL, note);
            return TtlUpdate.DONE;
        } catch (NotRegisteredException e) {
            if (e.getCause() instanceof ConsulException c) {
                if (c.hasCode() && isUnknownCheck(c)) {
                    return TtlUpdate.UNKNOWN_CHECK;
                }
                throw c;
            }
            throw new ConsulException("TTL update of " + checkId + " failed", e);
        }
    }

    /**
     * An agent answers an unknown check with 404 {@code Unknown check ID}; older ones with 500
     * {@code CheckID "x" does not have associated TTL}.
     */
    private static boolean isUnknownCheck(ConsulException e) {
        String message = String.valueOf(e.getMessage());
        return e.getCode() == 404
                || (e.getCode() == 500
                        && (message.contains("does not have associated TTL") || message.contains("Unknown check")));
    }

    /** The IDs of the services the agent has registered: {@code GET /v1/agent/services}. */
    Set<String> serviceIds() {
        return consul.agentClient().getServices().keySet();
    }

    /**
     * {@code GET /v1/health/service/<name>}: every instance with its checks and its node's, passing
     * or not (the caller calls the passing ones and shows the rest to operators); blocking on
     * {@code index} for up to {@code wait} when the index is above 0, a plain read otherwise.
     */
    ConsulResponse<List<ServiceHealth>> instances(String service, long index, Duration wait, boolean stale) {
        return consul.healthClient().getAllServiceInstances(service, options(index, wait, stale));
    }

    /** {@code GET /v1/kv/<prefix>?recurse}, blocking as {@link #instances} does. */
    ConsulResponse<List<Value>> values(String prefix, long index, Duration wait) {
        return consul.keyValueClient().getConsulResponseWithValues(prefix, options(index, wait, false));
    }

    private QueryOptions options(long index, Duration wait, boolean stale) {
        ImmutableQueryOptions.Builder options = index > 0
                ? QueryOptions.blockSeconds((int) wait.toSeconds(), BigInteger.valueOf(index))
                : ImmutableQueryOptions.builder();
        if (stale) {
            options.consistencyMode(ConsistencyMode.STALE);
        }
        if (!datacenter.isEmpty()) {
            options.datacenter(datacenter);
        }
        return options.build();
    }

    /** Cancels calls in flight and releases the connections and threads. */
    @Override
    public void close() {
        consul.destroy();
    }

    private static X509TrustManager trustManager(ConsulConfig.Tls tls) {
        Path path = Path.of(tls.trustStore());
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore store = KeyStore.getInstance(
                    path.getFileName().toString().endsWith(".jks") ? "JKS" : KeyStore.getDefaultType());
            store.load(in, tls.trustStorePassword().toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new ConfigException("discovery.consul.tls.trust-store: '" + path + "' gives no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("discovery.consul.tls.trust-store: '" + path + "' cannot be read: "
                    + e.getMessage() + " (expected: a PKCS12 or JKS file and its password)");
        }
    }

    private static SSLContext sslContext(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new ConfigException("discovery.consul.tls: cannot set up TLS: " + e.getMessage());
        }
    }
}
