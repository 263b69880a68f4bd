package dev.chassis.testkit.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A certificate with its private key and chain (the certificate first, then its issuer), as made
 * by a {@link TestCertificateAuthority}, and the files a server or client reads it from. Writing a
 * file replaces one that is there, atomically, as a secret rotation does. Thread-safe.
 */
public final class TestCertificate {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    TestCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> chain) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.chain = List.copyOf(chain);
    }

    /** A self-signed certificate for these names; it is its own trust anchor. */
    public static TestCertificate selfSigned(String... names) {
        CertificateRequest request = new CertificateRequest("CN=" + (names.length == 0 ? "localhost" : names[0]));
        for (String name : names.length == 0 ? new String[] {"localhost"} : names) {
            request.name(name);
            if (name.equals("localhost")) {
                request.name("127.0.0.1");
            }
        }
        return Certificates.issue(request, null);
    }

    /** The certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** Its private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate, then its issuer's. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Writes {@code <name>.crt} (the chain, PEM) and {@code <name>.key} (PKCS#8, PEM); returns the certificate's path. */
    public Path writePem(Path directory, String name) {
        writePrivateKeyPem(directory.resolve(name + ".key"));
        return writeCertificatePem(directory.resolve(name + ".crt"), chain);
    }

    /** Writes the chain as PEM to this file. */
    public Path writeCertificatePem(Path file) {
        return writeCertificatePem(file, chain);
    }

    /** Writes the private key as unencrypted PKCS#8 PEM to this file. */
    public Path writePrivateKeyPem(Path file) {
        try {
            return writeText(file, pem(new JcaPKCS8Generator(privateKey, null).generate()));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encode the key", e);
        }
    }

    /** Writes the private key as PKCS#8 PEM encrypted with this password (PBES2, AES-256-CBC). */
    public Path writeEncryptedPrivateKeyPem(Path file, String password) {
        requireNonNull(password, "password");
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider())
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setPassword(password.toCharArray())
                    .build();
            return writeText(file, pem(new JcaPKCS8Generator(privateKey, encryptor).generate()));
        } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encrypt the key", e);
        }
    }

    /** Writes a PKCS#12 keystore with the key and chain under alias {@code server}, protected by this password. */
    public Path writePkcs12(Path file, String password) {
        requireNonNull(password, "password");
        KeyStore store = keyStore(password.toCharArray());
        return writeAtomically(file, out -> {
            try {
                store.store(out, password.toCharArray());
            } catch (GeneralSecurityException e) {
                throw new IOException(e);
            }
        });
    }

    /** An in-memory PKCS#12 keystore with the key and chain. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", privateKey, password, chain.toArray(Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a keystore", e);
        }
    }

    Path writeCertificatePem(Path file, List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        for (X509Certificate c : certificates) {
            text.append(pem(c));
        }
        return writeText(file, text.toString());
    }

    private static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static Path writeText(Path file, String text) {
        return writeAtomically(file, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    private static Path writeAtomically(Path file, Body body) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            try (OutputStream out = Files.newOutputStream(temp)) {
                body.write(out);
            }
            Files.move(
                    temp,
                    file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public String toString() {
        return "TestCertificate[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
