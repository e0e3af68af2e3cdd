package io.opsdeck.services.cache;

import io.fabric8.kubernetes.client.internal.CertUtils;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheTls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TLS for cache connections: the {@link SSLContext} a {@link CacheTls} asks for (the system's trust store
 * or a PEM CA file, an optional client certificate, or no verification at all), the handshake on a
 * socket that is already connected, and its failures as sentences. Contexts are kept per settings and
 * files' modification times, so a replaced CA file is read again.
 */
final class CacheTlsContexts {
    private static final char[] KEY_PASSWORD = "opsdeck".toCharArray(); // protects the in-memory key store only
    private static final Map<CacheTls, Built> CONTEXTS = new ConcurrentHashMap<>();

    private record Built(SSLContext context, List<Long> stamps) {
    }

    private CacheTlsContexts() {
    }

    /**
     * TLS over {@code raw} (connected, its reads already bounded), the handshake done. The certificate must
     * name {@code tls.serverName()}, else the host connected to, unless verification is off.
     *
     * @throws CacheReadException of kind {@link Kind#TLS} when a file of the settings cannot be used
     */
    static SSLSocket handshake(Socket raw, CacheTarget target, String server) throws IOException, CacheReadException {
        CacheTls tls = target.tls();
        String name = tls.serverName().isEmpty() ? target.host() : tls.serverName();
        SSLSocket ssl = (SSLSocket) context(tls, target, server).getSocketFactory()
                .createSocket(raw, name, target.port(), true);
        SSLParameters p = ssl.getSSLParameters();
        if (tls.verify()) {
            p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818/6125 name check, IP addresses included
        }
        if (!tls.serverName().isEmpty() && !isIpAddress(name)) {
            p.setServerNames(List.of(new SNIHostName(name)));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        return ssl;
    }

    /** A handshake's failure as a sentence; null when {@code e} holds no TLS failure. */
    static CacheReadException problem(String server, CacheTarget target, Throwable e) {
        SSLException ssl = null;
        Throwable root = e;
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SSLException s && ssl == null) {
                ssl = s;
            }
            root = c;
        }
        if (ssl == null) {
            return null;
        }
        CacheTls tls = target.tls();
        String at = server + " at " + target.description();
        if (root instanceof CertPathBuilderException || root instanceof CertPathValidatorException) {
            return new CacheReadException(Kind.TLS, "The TLS certificate of " + at + " is not signed by a CA Opsdeck"
                    + " trusts (" + (tls.caFile().isEmpty() ? "the system's trust store" : "the CA file " + tls.caFile())
                    + "), so nothing was sent to it; set this cache's TLS CA file in Settings to the PEM of the CA that"
                    + " signed the server's certificate", e);
        }
        String m = root.getMessage() == null ? "" : root.getMessage();
        if (root instanceof CertificateException && (m.contains("No subject alternative") || m.contains("No name matching"))) {
            String name = tls.serverName().isEmpty() ? target.host() : tls.serverName();
            return new CacheReadException(Kind.TLS, "The TLS certificate of " + at + " does not name " + name
                    + " (" + m + "), so nothing was sent to it; set this cache's TLS server name in Settings to a name"
                    + " the certificate holds (through a port-forward on 127.0.0.1: the Service's DNS name, e.g."
                    + " redis.cache.svc)", e);
        }
        if (m.contains("certificate_required") || m.contains("bad_certificate") || m.contains("unknown_ca")) {
            return new CacheReadException(Kind.TLS, at + " refused Opsdeck's TLS client certificate (" + describe(ssl)
                    + "): it asks for one that its CA signed; set this cache's TLS client certificate and key in"
                    + " Settings" + (tls.hasClientCertificate() ? " to a pair the server's CA signed" : ""), e);
        }
        if (ssl instanceof SSLHandshakeException || m.contains("Unsupported or unrecognized SSL message")
                || m.contains("plaintext")) {
            return new CacheReadException(Kind.TLS, "The TLS handshake with " + at + " failed (" + describe(ssl)
                    + "); is TLS on for this port (redis-server --tls-port, memcached -Z)? If the server does not speak"
                    + " TLS there, turn TLS off for this cache in Settings or use its TLS port", e);
        }
        return new CacheReadException(Kind.TLS, "TLS with " + at + " failed: " + describe(ssl), e);
    }

    private static String describe(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        String m = r.getMessage();
        return m == null || m.isBlank() ? r.getClass().getSimpleName() : m;
    }

    private static SSLContext context(CacheTls tls, CacheTarget target, String server) throws CacheReadException {
        List<Long> stamps = stamps(tls);
        Built b = CONTEXTS.get(tls);
        if (b != null && b.stamps().equals(stamps)) {
            return b.context();
        }
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(keyManagers(tls, target, server), trustManagers(tls, target, server), null);
            CONTEXTS.put(tls, new Built(c, stamps));
            return c;
        } catch (GeneralSecurityException e) {
            throw new CacheReadException(Kind.TLS, "Opsdeck could not set up TLS for " + server + " at "
                    + target.description() + ": " + describe(e), e);
        }
    }

    private static List<Long> stamps(CacheTls tls) {
        return List.of(tls.caFile(), tls.clientCertFile(), tls.clientKeyFile()).stream().map(f -> {
            try {
                return f.isEmpty() ? 0L : Files.getLastModifiedTime(Path.of(f)).toMillis();
            } catch (IOException | RuntimeException e) {
                return -1L;
            }
        }).toList();
    }

    private static TrustManager[] trustManagers(CacheTls tls, CacheTarget target, String server)
            throws GeneralSecurityException, CacheReadException {
        if (!tls.verify()) {
            return new TrustManager[]{new TrustingAnything()};
        }
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (tls.caFile().isEmpty()) {
            f.init((KeyStore) null);
            return f.getTrustManagers();
        }
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(Path.of(tls.caFile()))) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new CacheReadException(Kind.TLS, "The TLS CA file " + tls.caFile() + " for " + server + " at "
                    + target.description() + " could not be read as PEM certificates (" + describe(e) + "); fix the"
                    + " path in Settings", e);
        }
        if (cas.isEmpty()) {
            throw new CacheReadException(Kind.TLS, "The TLS CA file " + tls.caFile() + " for " + server + " at "
                    + target.description() + " holds no certificate; it must be PEM (-----BEGIN CERTIFICATE-----)");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (Certificate c : cas) {
            store.setCertificateEntry("ca-" + i++, c);
        }
        f.init(store);
        return f.getTrustManagers();
    }

    private static KeyManager[] keyManagers(CacheTls tls, CacheTarget target, String server)
            throws GeneralSecurityException, CacheReadException {
        if (!tls.hasClientCertificate()) {
            return null;
        }
        KeyStore store = null;
        Exception last = null;
        for (String algorithm : List.of("RSA", "EC")) {
            try (InputStream cert = Files.newInputStream(Path.of(tls.clientCertFile()));
                 InputStream key = Files.newInputStream(Path.of(tls.clientKeyFile()))) {
                store = CertUtils.createKeyStore(cert, key, algorithm, KEY_PASSWORD, null, KEY_PASSWORD);
                break;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                last = e;
            }
        }
        if (store == null) {
            // never the key's content: only the files' names
            throw new CacheReadException(Kind.TLS, "The TLS client certificate " + tls.clientCertFile() + " and key "
                    + tls.clientKeyFile() + " for " + server + " at " + target.description() + " could not be read ("
                    + (last == null ? "unknown" : last.getClass().getSimpleName()) + "); they must be PEM files, the"
                    + " key not encrypted", last);
        }
        KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        f.init(store, KEY_PASSWORD);
        return f.getKeyManagers();
    }

    private static boolean isIpAddress(String host) {
        return host.indexOf(':') >= 0 || host.matches("[0-9.]+");
    }

    /** "Do not verify": the user's explicit choice, shown as "TLS (not verified)" wherever the cache is. */
    private static final class TrustingAnything implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // a client never asks this of Opsdeck
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // not verified, by the settings' explicit choice
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
