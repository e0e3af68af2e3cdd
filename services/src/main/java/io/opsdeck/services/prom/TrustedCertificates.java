package io.opsdeck.services.prom;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

/**
 * The system's trusted CAs plus those of one PEM file. Verification itself (chain and host name) is
 * left to the JDK and OkHttp, unchanged: this only widens what counts as a trust anchor.
 */
record TrustedCertificates(SSLSocketFactory socketFactory, X509TrustManager trustManager) {

    static TrustedCertificates systemPlus(Path pemFile) throws GeneralSecurityException, IOException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        int n = 0;
        for (X509Certificate c : x509(defaultFactory(null)).getAcceptedIssuers()) {
            anchors.setCertificateEntry("system-" + n++, c);
        }
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(pemFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (extra.isEmpty()) {
            throw new GeneralSecurityException("it holds no PEM certificate");
        }
        for (Certificate c : extra) {
            anchors.setCertificateEntry("configured-" + n++, c);
        }
        X509TrustManager tm = x509(defaultFactory(anchors));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {tm}, null);
        return new TrustedCertificates(tls.getSocketFactory(), tm);
    }

    private static TrustManagerFactory defaultFactory(KeyStore anchors) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(anchors);
        return f;
    }

    private static X509TrustManager x509(TrustManagerFactory f) throws GeneralSecurityException {
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }
}
