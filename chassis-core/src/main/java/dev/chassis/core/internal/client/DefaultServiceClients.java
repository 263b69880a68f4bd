package dev.chassis.core.internal.client;

import dev.chassis.core.client.CallPolicy;
import dev.chassis.core.client.ClientConfig;
import dev.chassis.core.client.ClientCredentials;
import dev.chassis.core.client.ClientObserver;
import dev.chassis.core.client.ClientTlsConfig;
import dev.chassis.core.client.ClientsConfig;
import dev.chassis.core.client.InstanceGate;
import dev.chassis.core.client.ProblemType;
import dev.chassis.core.client.ServiceClient;
import dev.chassis.core.client.ServiceClients;
import dev.chassis.core.client.ServiceInstance;
import dev.chassis.core.client.ServiceResolver;
import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.ConfigProblem;
import dev.chassis.core.config.LiveConfig;
import dev.chassis.core.context.TaskExecutor;
import dev.chassis.core.internal.json.JsonCodec;
import dev.chassis.core.internal.netty.EventLoops;
import dev.chassis.core.internal.tls.TlsContexts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The service's clients: one per downstream name, sharing the transport. Thread-safe. */
public final class DefaultServiceClients implements ServiceClients, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final LiveConfig live;
    private final Map<String, ProblemType<?>> problemTypes;
    private final List<ServiceResolver> resolvers;
    private final ClientObserver[] observers;
    private final Map<String, ClientCredentials> credentials;
    private final CallPolicy policy;
    private final @Nullable InstanceGate gate;
    private final JsonCodec json;
    private final TaskExecutor executor;
    private final NettyTransport transport;
    private final java.util.concurrent.ConcurrentMap<ClientTlsConfig, io.netty.handler.ssl.SslContext> tlsContexts =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentMap<String, DefaultServiceClient> clients = new ConcurrentHashMap<>();

    public DefaultServiceClients(
            LiveConfig live,
            Collection<ServiceResolver> resolvers,
            Collection<ClientObserver> observers,
            Collection<ClientCredentials> credentials,
            @Nullable CallPolicy policy,
            @Nullable InstanceGate gate,
            JsonCodec json,
            EventLoops loops,
            TaskExecutor executor) {
        this(live, resolvers, observers, credentials, List.of(), policy, gate, json, loops, executor);
    }

    public DefaultServiceClients(
            LiveConfig live,
            Collection<ServiceResolver> resolvers,
            Collection<ClientObserver> observers,
            Collection<ClientCredentials> credentials,
            Collection<ProblemType<?>> problemTypes,
            @Nullable CallPolicy policy,
            @Nullable InstanceGate gate,
            JsonCodec json,
            EventLoops loops,
            TaskExecutor executor) {
        Map<String, ProblemType<?>> types = new TreeMap<>();
        for (ProblemType<?> t : problemTypes) {
            if (types.put(t.type(), t) != null) {
                throw new IllegalArgumentException(
                        "problem type: '" + t.type() + "' is mapped twice (expected: one ProblemType per type)");
            }
        }
        this.problemTypes = java.util.Collections.unmodifiableMap(types);
        this.live = live;
        // Read from the live configuration on every call; everything else of a client is fixed
        // when it is first used or when its connections open.
        live.follows(List.of("clients.*.response-timeout"));
        live.onChange(List.of("clients.*.urls"), (now, before) -> urlsChanged(now.get(ClientsConfig.SECTION)));
        this.resolvers = List.copyOf(resolvers);
        this.observers = observers.toArray(ClientObserver[]::new);
        Map<String, ClientCredentials> modes = new TreeMap<>();
        for (ClientCredentials c : credentials) {
            ClientCredentials clash = modes.put(c.mode(), c);
            if (clash != null || c.mode().equals(ClientConfig.AUTH_NONE)) {
                throw new IllegalArgumentException("credentials mode: '" + c.mode()
                        + "' is contributed twice or is 'none' (expected: one ClientCredentials per mode)");
            }
        }
        this.credentials = java.util.Collections.unmodifiableMap(modes);
        this.policy = policy != null ? policy : OneAttempt.INSTANCE;
        this.gate = gate;
        this.json = json;
        this.executor = executor;
        this.transport = new NettyTransport(loops);
        for (ServiceResolver r : this.resolvers) {
            r.addListener(this::instancesChanged);
        }
    }

    /**
     * A resolver's instances of a downstream changed: what the picker and the gate keep for
     * instances that left is dropped, so per-instance state and meters do not grow with every
     * deploy's new instance IDs.
     */
    void instancesChanged(String downstream, List<ServiceInstance> instances) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (ServiceInstance i : instances) {
            ids.add(i.id());
        }
        DefaultServiceClient client = clients.get(downstream);
        if (client != null) {
            client.picker().retain(ids);
        }
        if (gate != null) {
            gate.retain(downstream, java.util.Set.copyOf(ids));
        }
    }

    /**
     * The configured instances changed: a downstream called by static URLs drops what its picker
     * and the gate keep for the URLs it no longer lists, as a resolver's change does.
     */
    private void urlsChanged(ClientsConfig now) {
        clients.forEach((downstream, client) -> {
            List<java.net.URI> urls = now.of(downstream).urls();
            if (!urls.isEmpty()) {
                List<ServiceInstance> instances = new ArrayList<>(urls.size());
                for (java.net.URI url : urls) {
                    instances.add(ServiceInstance.of(url));
                }
                instancesChanged(downstream, instances);
            }
        });
    }

    @Override
    public ServiceClient get(String downstream) {
        // Called per call: a name seen before was checked when its client was made.
        DefaultServiceClient known = downstream == null ? null : clients.get(downstream);
        if (known != null) {
            return known;
        }
        if (downstream == null || !NAME.matcher(downstream).matches()) {
            throw new IllegalArgumentException("downstream: '" + downstream
                    + "' (expected: a service name: lower-case letters, digits and dashes)");
        }
        return clients.computeIfAbsent(downstream, this::create);
    }

    private DefaultServiceClient create(String name) {
        ClientConfig c = config().of(name);
        return new DefaultServiceClient(name, this, new InstancePicker(name, c.loadBalancer(), gate));
    }

    /** The clients section as it is now: timeouts and static instances may change at run time. */
    ClientsConfig config() {
        return live.get(ClientsConfig.SECTION);
    }

    /** The downstreams named in configuration that need a resolver. */
    public List<String> resolvedDownstreams() {
        List<String> names = new ArrayList<>();
        config().clients().forEach((name, c) -> {
            if (c.urls().isEmpty()) {
                names.add(name);
            }
        });
        return names;
    }

    /**
     * Checks that every configured {@code clients.<name>.auth} names contributed credentials.
     *
     * @throws ConfigException naming each key whose mode no module contributes, and its source
     */
    public void checkCredentials() {
        List<ConfigProblem> problems = new ArrayList<>();
        new TreeMap<>(config().clients()).forEach((name, c) -> {
            if (!c.auth().equals(ClientConfig.AUTH_NONE) && !credentials.containsKey(c.auth())) {
                String key = "clients." + name + ".auth";
                problems.add(new ConfigProblem(
                        key,
                        c.auth(),
                        live.current().sourceOf(key).orElse("defaults"),
                        "no module provides these credentials (expected: none"
                                + (credentials.isEmpty()
                                        ? "; add chassis-security's SecurityModule to the component for relay or"
                                                + " client-credentials)"
                                        : ", " + String.join(", ", credentials.keySet()) + ")")));
            }
        });
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** The credentials of a mode, or null when no module contributes it. */
    @Nullable
    ClientCredentials credentials(String mode) {
        return credentials.get(mode);
    }

    /** The modes contributed. */
    java.util.Set<String> credentialModes() {
        return credentials.keySet();
    }

    /** Lets resolvers start watching the configured downstreams. */
    public void prepareResolvers() {
        List<String> names = resolvedDownstreams();
        for (ServiceResolver r : resolvers) {
            r.prepare(names);
        }
    }

    Optional<List<ServiceInstance>> resolve(String downstream) {
        for (ServiceResolver r : resolvers) {
            Optional<List<ServiceInstance>> found = r.resolve(downstream);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    Map<String, ProblemType<?>> problemTypes() {
        return problemTypes;
    }

    ClientObserver[] observers() {
        return observers;
    }

    CallPolicy policy() {
        return policy;
    }

    @Nullable
    InstanceGate gate() {
        return gate;
    }

    JsonCodec json() {
        return json;
    }

    TaskExecutor executor() {
        return executor;
    }

    /**
     * The TLS context of a downstream's {@code https://} instances, made once per setting.
     *
     * @throws ConfigException naming the key and file when its files do not load
     */
    io.netty.handler.ssl.SslContext tlsContext(String downstream, ClientTlsConfig config) {
        io.netty.handler.ssl.SslContext known = tlsContexts.get(config);
        if (known != null) {
            return known;
        }
        return tlsContexts.computeIfAbsent(config, c -> TlsContexts.client(c, "clients." + downstream + ".tls."));
    }

    /**
     * Loads the TLS files of every configured downstream with {@code https://} instances or a
     * client certificate, so that a bad one stops start-up.
     *
     * @throws ConfigException naming the key and file of the first problem
     */
    public void checkTls() {
        new TreeMap<>(config().clients()).forEach((name, c) -> {
            boolean https = c.urls().stream().anyMatch(u -> "https".equalsIgnoreCase(u.getScheme()));
            if (https
                    || c.tls().presentsCertificate()
                    || !c.tls().trustCertificates().isEmpty()) {
                tlsContext(name, c.tls());
            }
        });
    }

    NettyTransport transport() {
        return transport;
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Without a policy: each call is one attempt. */
    private enum OneAttempt implements CallPolicy {
        INSTANCE;

        @Override
        public <T> java.util.concurrent.CompletionStage<T> execute(
                dev.chassis.core.client.OutboundRequest request, Attempt<T> attempt) {
            return attempt.start();
        }
    }
}
