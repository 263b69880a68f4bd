package dev.chassis.core.internal.tls;

import dev.chassis.core.config.ConfigException;
import dev.chassis.core.config.TlsConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.util.List;
import javax.net.ssl.SSLException;

/** Netty SSL contexts from checked key material: providers, protocols and the cipher list. */
public final class TlsContexts {
    /**
     * TLS 1.3's suites, then TLS 1.2's ECDHE suites with AEAD ciphers (forward secrecy, no CBC):
     * Mozilla's "intermediate" list.
     */
    public static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private TlsContexts() {}

    /**
     * The provider a setting stands for here.
     *
     * @throws ConfigException when {@code openssl} is asked for and does not load
     */
    public static SslProvider provider(TlsConfig.Provider setting, String key) {
        return switch (setting) {
            case JDK -> SslProvider.JDK;
            case OPENSSL -> {
                if (!OpenSsl.isAvailable()) {
                    Throwable cause = OpenSsl.unavailabilityCause();
                    throw new ConfigException(key + ": openssl does not load here ("
                            + (cause == null ? "unknown cause" : cause.getMessage())
                            + "); add io.netty:netty-tcnative-boringssl-static for this platform, or set jdk or auto");
                }
                yield SslProvider.OPENSSL;
            }
            case AUTO -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    /** The cipher list of a setting: the default list when empty. */
    public static List<String> ciphers(List<String> configured) {
        return configured.isEmpty() ? DEFAULT_CIPHERS : configured;
    }

    /**
     * The server's context.
     *
     * @throws ConfigException when the context cannot be built or no configured cipher is supported
     */
    public static SslContext server(TlsConfig config, TlsMaterial material, SslProvider provider, String prefix) {
        return server(config, material, provider, prefix, false);
    }

    /**
     * The server's context; with {@code http2}, ALPN offers {@code h2} before {@code http/1.1}
     * (a client that asks for neither gets HTTP/1.1).
     *
     * @throws ConfigException when the context cannot be built or no configured cipher is supported
     */
    public static SslContext server(
            TlsConfig config, TlsMaterial material, SslProvider provider, String prefix, boolean http2) {
        checkCiphers(config.ciphers(), provider, prefix);
        try {
            SslContextBuilder builder = SslContextBuilder.forServer(material.key(), material.chain())
                    .sslProvider(provider)
                    .protocols(config.protocols())
                    .ciphers(ciphers(config.ciphers()), SupportedCipherSuiteFilter.INSTANCE)
                    .clientAuth(
                            switch (config.clientAuth()) {
                                case NONE -> ClientAuth.NONE;
                                case OPTIONAL -> ClientAuth.OPTIONAL;
                                case REQUIRED -> ClientAuth.REQUIRE;
                            });
            if (material.trust().length > 0) {
                builder.trustManager(material.trust());
            }
            if (http2) {
                builder.applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2,
                        ApplicationProtocolNames.HTTP_1_1));
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException(
                    prefix + "certificate: cannot build a TLS context from " + String.join(", ", sourcePaths(config))
                            + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Every configured suite must be one the provider has: a typo would otherwise leave a list
     * that silently differs from the one written.
     *
     * @throws ConfigException naming the suites it lacks
     */
    public static void checkCiphers(List<String> configured, SslProvider provider, String prefix) {
        if (configured.isEmpty()) {
            return;
        }
        java.util.Set<String> jdk = provider == SslProvider.JDK ? jdkCiphers() : java.util.Set.of();
        List<String> missing = configured.stream()
                .filter(c -> provider == SslProvider.JDK ? !jdk.contains(c) : !OpenSsl.isCipherSuiteAvailable(c))
                .toList();
        if (!missing.isEmpty()) {
            throw new ConfigException(prefix + "ciphers: " + missing + " (expected: cipher suites the "
                    + provider.name().toLowerCase(java.util.Locale.ROOT) + " provider supports, such as "
                    + DEFAULT_CIPHERS.get(3) + ")");
        }
    }

    private static java.util.Set<String> jdkCiphers() {
        try {
            return java.util.Set.of(javax.net.ssl.SSLContext.getDefault()
                    .getSupportedSSLParameters()
                    .getCipherSuites());
        } catch (java.security.NoSuchAlgorithmException e) {
            return java.util.Set.of();
        }
    }

    /**
     * A client's context: the trust bundle (the JDK's trust store when there is none), the client
     * certificate when one is set, hostname verification as configured.
     *
     * @throws ConfigException naming the key and file of the first problem
     */
    public static SslContext client(dev.chassis.core.client.ClientTlsConfig config, String prefix) {
        TlsMaterial material = TlsMaterial.load(new TlsMaterial.Source(
                prefix,
                config.certificate(),
                config.privateKey(),
                config.privateKeyPassword(),
                config.keystore(),
                config.keystorePassword(),
                config.trustCertificates()));
        SslProvider provider = provider(config.provider(), prefix + "provider");
        try {
            SslContextBuilder builder = SslContextBuilder.forClient()
                    .sslProvider(provider)
                    .protocols(config.protocols())
                    .ciphers(DEFAULT_CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .endpointIdentificationAlgorithm(config.verifyHostname() ? "HTTPS" : null);
            if (material.trust().length > 0) {
                builder.trustManager(material.trust());
            }
            if (material.key() != null) {
                builder.keyManager(material.key(), material.chain());
            }
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new ConfigException(prefix + "trust-certificates: cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static List<String> sourcePaths(TlsConfig config) {
        return config.keystore().isEmpty()
                ? List.of(config.certificate(), config.privateKey())
                : List.of(config.keystore());
    }

    /** Where a server configuration's files are. */
    public static TlsMaterial.Source source(TlsConfig config, String prefix) {
        return new TlsMaterial.Source(
                prefix,
                config.certificate(),
                config.privateKey(),
                config.privateKeyPassword(),
                config.keystore(),
                config.keystorePassword(),
                config.trustCertificates());
    }
}
