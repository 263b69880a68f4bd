package dev.chassis.core.internal.tls;

import dev.chassis.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A private key with its certificate chain, and optionally the certificates peers must chain to,
 * read from the files a configuration names and checked before any socket sees them: each file
 * readable, a key that opens with its password and matches the certificate, a certificate in
 * date. Every failure is a {@link ConfigException} naming the key and the file. Immutable.
 *
 * @param key the private key, or null when there is none (a client without a certificate)
 * @param chain the certificate chain, leaf first (empty without a key)
 * @param trust the trusted certificates, empty for none
 * @param digest a digest of every file's bytes, to tell when they change
 */
public record TlsMaterial(
        @org.jspecify.annotations.Nullable PrivateKey key,
        X509Certificate[] chain,
        X509Certificate[] trust,
        byte[] digest) {

    /** Where a key pair and trust bundle come from; paths empty when not set. */
    public record Source(
            String prefix,
            String certificate,
            String privateKey,
            String privateKeyPassword,
            String keystore,
            String keystorePassword,
            String trust) {
        /** The paths set, for a log line. */
        public List<String> paths() {
            List<String> out = new ArrayList<>();
            for (String p : List.of(certificate, privateKey, keystore, trust)) {
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
            return out;
        }
    }

    /**
     * Reads and checks the files.
     *
     * @throws ConfigException naming the key and the file of the first problem
     */
    public static TlsMaterial load(Source files) {
        MessageDigest digest = sha256();
        PrivateKey key = null;
        X509Certificate[] chain = new X509Certificate[0];
        if (!files.keystore().isEmpty()) {
            byte[] bytes = read(files.prefix() + "keystore", files.keystore(), digest);
            KeyEntry entry = pkcs12(files, bytes);
            key = entry.key;
            chain = entry.chain;
            checkPair(files.prefix() + "keystore", files.keystore(), key, chain);
        } else if (!files.certificate().isEmpty()) {
            byte[] certificate = read(files.prefix() + "certificate", files.certificate(), digest);
            byte[] privateKey = read(files.prefix() + "private-key", files.privateKey(), digest);
            chain = certificates(files.prefix() + "certificate", files.certificate(), certificate);
            key = privateKey(files, privateKey);
            checkPair(files.prefix() + "certificate", files.certificate(), key, chain);
        }
        X509Certificate[] trust = new X509Certificate[0];
        if (!files.trust().isEmpty()) {
            String name = files.prefix() + "trust-certificates";
            trust = certificates(name, files.trust(), read(name, files.trust(), digest));
        }
        return new TlsMaterial(key, chain, trust, digest.digest());
    }

    /** The digest of the files as they are now, or null when one cannot be read. */
    public static byte @org.jspecify.annotations.Nullable [] digestNow(Source files) {
        MessageDigest digest = sha256();
        try {
            for (String path : List.of(files.keystore(), files.certificate(), files.privateKey(), files.trust())) {
                if (!path.isEmpty()) {
                    digest.update(java.nio.file.Files.readAllBytes(Path.of(path)));
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return digest.digest();
    }

    /** Whether this material came from files with this digest. */
    public boolean sameFiles(byte[] other) {
        return Arrays.equals(digest, other);
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain[0];
    }

    private static byte[] read(String key, String path, MessageDigest digest) {
        Path file = Path.of(path);
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw problem(key, path, "no such file");
        }
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            digest.update(bytes);
            return bytes;
        } catch (IOException e) {
            throw problem(key, path, "cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static X509Certificate[] certificates(String key, String path, byte[] pem) {
        try {
            X509Certificate[] certificates = PemAccess.certificates(pem);
            if (certificates.length > 0) {
                return certificates;
            }
        } catch (Exception e) {
            // the message below says what was expected
        }
        throw problem(key, path, "holds no PEM certificate (expected: -----BEGIN CERTIFICATE----- blocks)");
    }

    private static PrivateKey privateKey(Source files, byte[] pem) {
        String key = files.prefix() + "private-key";
        String text = new String(pem, StandardCharsets.US_ASCII);
        boolean encrypted = text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        if (!encrypted && !text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw problem(
                    key,
                    files.privateKey(),
                    text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
                            ? "holds a traditional OpenSSL key (expected: PKCS#8; convert it with `openssl pkcs8 -topk8`)"
                            : "holds no PEM private key (expected: -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED"
                                    + " PRIVATE KEY-----)");
        }
        if (encrypted && files.privateKeyPassword().isEmpty()) {
            throw problem(
                    key, files.privateKey(), "is encrypted, and " + files.prefix() + "private-key-password is not set");
        }
        try {
            return jdkKey(PemAccess.privateKey(pem, encrypted ? files.privateKeyPassword() : null));
        } catch (Exception e) {
            throw problem(
                    key,
                    files.privateKey(),
                    encrypted
                            ? "cannot be decrypted with " + files.prefix() + "private-key-password (wrong password?)"
                            : "cannot be read as a PKCS#8 private key");
        }
    }

    /**
     * The key as the JDK's own type: Netty reads PEM through BouncyCastle when that is on the
     * class path, and the JDK's providers refuse BouncyCastle's key objects.
     */
    private static PrivateKey jdkKey(PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        return java.security.KeyFactory.getInstance(algorithm)
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(key.getEncoded()));
    }

    private record KeyEntry(PrivateKey key, X509Certificate[] chain) {}

    private static KeyEntry pkcs12(Source files, byte[] bytes) {
        String key = files.prefix() + "keystore";
        char[] password = files.keystorePassword().toCharArray();
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), password);
        } catch (IOException e) {
            boolean wrongPassword = e.getCause() instanceof UnrecoverableKeyException
                    || String.valueOf(e.getMessage()).contains("password");
            throw problem(
                    key,
                    files.keystore(),
                    wrongPassword
                            ? "cannot be opened with " + files.prefix() + "keystore-password (wrong password?)"
                            : "is not a PKCS#12 keystore");
        } catch (GeneralSecurityException e) {
            throw problem(key, files.keystore(), "is not a PKCS#12 keystore");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
                    Certificate[] certificates = store.getCertificateChain(alias);
                    X509Certificate[] chain = Arrays.copyOf(certificates, certificates.length, X509Certificate[].class);
                    return new KeyEntry(privateKey, chain);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw problem(
                    key, files.keystore(), "has a key that " + files.prefix() + "keystore-password does not open");
        } catch (GeneralSecurityException | ClassCastException e) {
            throw problem(key, files.keystore(), "has a key entry that cannot be read");
        }
        throw problem(key, files.keystore(), "has no private key entry");
    }

    /** The key must belong to the leaf certificate, which must be in date. */
    private static void checkPair(String key, String path, PrivateKey privateKey, X509Certificate[] chain) {
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw problem(
                    key,
                    path,
                    "holds a certificate for " + subject(leaf) + " that expired on "
                            + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw problem(
                    key,
                    path,
                    "holds a certificate for " + subject(leaf) + " that is valid only from "
                            + leaf.getNotBefore().toInstant());
        }
        if (!matches(privateKey, leaf)) {
            throw problem(
                    key, path, "holds a certificate for " + subject(leaf) + " that does not match the private key");
        }
    }

    private static boolean matches(PrivateKey privateKey, X509Certificate leaf) {
        // The certificate's key names the algorithm in the JDK's words (a key read by
        // BouncyCastle calls EC "ECDSA").
        String algorithm = switch (leaf.getPublicKey().getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> leaf.getPublicKey().getAlgorithm();
        };
        try {
            byte[] probe = "chassis key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                signer.setParameter(new java.security.spec.PSSParameterSpec(
                        "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            if (algorithm.equals("RSASSA-PSS")) {
                verifier.setParameter(new java.security.spec.PSSParameterSpec(
                        "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static ConfigException problem(String key, String path, String what) {
        return new ConfigException(key + ": " + path + " " + what);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
