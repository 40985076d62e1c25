package io.jenkins.plugins.roiergasias.settings;

import io.jenkins.plugins.roiergasias.kubernetes.connection.Credential;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/**
 * Turns a key store (a Jenkins certificate credential: PKCS#12 or JKS) into the PEM client
 * certificate and key that the Kubernetes client reads. The private key is written as PKCS#8
 * ({@code BEGIN PRIVATE KEY}), the certificate chain leaf first.
 */
public final class ClientCertificates {
    private ClientCertificates() {}

    /**
     * @param password the key store's password, also tried for the key
     * @throws IllegalArgumentException when the store holds no private key with a certificate
     * @throws GeneralSecurityException when the store cannot be read (e.g. wrong password)
     */
    public static Credential.ClientCertificate fromKeyStore(KeyStore store, char[] password)
            throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            Key key = store.getKey(alias, password);
            Certificate[] chain = store.getCertificateChain(alias);
            if (!(key instanceof PrivateKey) || chain == null || chain.length == 0) {
                continue;
            }
            StringBuilder certs = new StringBuilder();
            for (Certificate c : chain) {
                certs.append(pem("CERTIFICATE", c.getEncoded()));
            }
            return new Credential.ClientCertificate(certs.toString(), pem("PRIVATE KEY", key.getEncoded()));
        }
        throw new IllegalArgumentException(
                "the certificate credential holds no private key with its certificate; upload a PKCS#12 file"
                        + " with the client key and certificate");
    }

    /** PEM text: a BEGIN line, base64 in lines of 64 characters, an END line. */
    static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
