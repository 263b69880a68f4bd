package dev.chassis.testkit.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/** Issues certificates with BouncyCastle's builders. */
final class Certificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Certificates() {}

    /** Issues the request, signed by the issuer, or self-signed when there is none. */
    static TestCertificate issue(CertificateRequest request, @Nullable TestCertificate issuer) {
        try {
            KeyPair keys = keyPair(request.rsa);
            // The JDK reads the name as RFC 4514 writes it (most specific first), as getName() gives it back.
            X500Name subject =
                    X500Name.getInstance(new javax.security.auth.x500.X500Principal(request.subject).getEncoded());
            X500Name issuerName = issuer == null
                    ? subject
                    : X500Name.getInstance(
                            issuer.certificate().getSubjectX500Principal().getEncoded());
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(request.notBefore),
                    Date.from(request.notAfter),
                    subject,
                    keys.getPublic());
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            if (issuer != null) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
            }
            if (request.authority) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(
                        Extension.keyUsage,
                        true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            } else {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = KeyUsage.digitalSignature | (request.rsa ? KeyUsage.keyEncipherment : 0);
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                List<KeyPurposeId> purposes = new ArrayList<>();
                if (request.server) {
                    purposes.add(KeyPurposeId.id_kp_serverAuth);
                }
                if (request.client) {
                    purposes.add(KeyPurposeId.id_kp_clientAuth);
                }
                builder.addExtension(
                        Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes.toArray(KeyPurposeId[]::new)));
            }
            List<GeneralName> names = new ArrayList<>();
            request.dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            request.ipAddresses.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            request.uris.forEach(n -> names.add(new GeneralName(GeneralName.uniformResourceIdentifier, n)));
            if (!names.isEmpty()) {
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            var signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();
            String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(certificate);
            if (issuer != null && !request.authority) {
                chain.add(issuer.certificate());
            }
            return new TestCertificate(certificate, keys.getPrivate(), chain);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a certificate for " + request.subject, e);
        }
    }

    private static KeyPair keyPair(boolean rsa) throws GeneralSecurityException {
        if (rsa) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }
}
