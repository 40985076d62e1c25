package io.jenkins.plugins.roiergasias.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientCertificatesTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    /** A PKCS#12 store with one RSA key and its self-signed certificate, made by the JDK's keytool. */
    private static KeyStore keyStore(Path dir) throws Exception {
        Path file = dir.resolve("client.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                        "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                        "CN=jenkins", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    @Test
    void keyStoreBecomesPemThatReadsBackToTheSameKeyAndCertificate(@TempDir Path dir) throws Exception {
        KeyStore ks = keyStore(dir);
        Credential.ClientCertificate pem = ClientCertificates.fromKeyStore(ks, PASSWORD);

        assertTrue(pem.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"), pem.certificatePem());
        assertTrue(pem.privateKeyPem().startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(pem.privateKeyPem().lines().allMatch(l -> l.length() <= 64));

        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ks.getCertificate("client"), cert);
        String body = pem.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        assertArrayEquals(ks.getKey("client", PASSWORD).getEncoded(), key.getEncoded());
        assertEquals("ClientCertificate[****]", pem.toString());
    }

    @Test
    void aStoreWithoutAKeyIsExplained() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientCertificates.fromKeyStore(empty, PASSWORD));
        assertTrue(e.getMessage().contains("no private key"), e.getMessage());
    }
}
