package dev.chassis.core.internal.tls;

import io.netty.handler.ssl.SslContext;
import java.io.ByteArrayInputStream;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * Netty's PEM readers (certificate chains, PKCS#8 keys, encrypted or not), which it offers to
 * subclasses of {@link SslContext} only. Never instantiated.
 */
abstract class PemAccess extends SslContext {
    private PemAccess() {}

    static X509Certificate[] certificates(byte[] pem) throws Exception {
        return toX509Certificates(new ByteArrayInputStream(pem));
    }

    static PrivateKey privateKey(byte[] pem, @Nullable String password) throws Exception {
        return toPrivateKey(new ByteArrayInputStream(pem), password);
    }
}
