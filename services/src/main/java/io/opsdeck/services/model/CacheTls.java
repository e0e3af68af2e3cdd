package io.opsdeck.services.model;

/**
 * How Opsdeck encrypts its connection to one cache: not at all ({@link #OFF}), or TLS (Redis 6+
 * {@code rediss://}, Memcached 1.6 built with TLS) with these settings. Files are paths on this machine;
 * none of them holds a secret Opsdeck would save (a client key stays in its file).
 *
 * @param enabled        TLS on
 * @param verify         check the server's certificate: its chain against {@code caFile} (else the system's
 *                       trust store) and its name against {@code serverName} (else the host connected to).
 *                       False is a weakening, shown as "TLS (not verified)"
 * @param caFile         PEM file of the CA certificate(s) to trust instead of the system's; empty for those
 * @param serverName     the name the certificate must hold (and the SNI sent) when it differs from the host
 *                       connected to: a pod reached through a port-forward on 127.0.0.1 presents the
 *                       Service's or pod's name; empty for the host itself
 * @param clientCertFile PEM client certificate for mutual TLS; empty for none
 * @param clientKeyFile  its PEM private key (PKCS#8, or PKCS#1 RSA/EC), not encrypted; empty for none
 */
public record CacheTls(boolean enabled, boolean verify, String caFile, String serverName, String clientCertFile,
                       String clientKeyFile) {
    public static final CacheTls OFF = new CacheTls(false, true, "", "", "", "");
    /** TLS, the certificate checked against the system's trust store and the host's name. */
    public static final CacheTls VERIFIED = new CacheTls(true, true, "", "", "", "");

    public CacheTls {
        caFile = caFile == null ? "" : caFile.trim();
        serverName = serverName == null ? "" : serverName.trim();
        clientCertFile = clientCertFile == null ? "" : clientCertFile.trim();
        clientKeyFile = clientKeyFile == null ? "" : clientKeyFile.trim();
        if (clientCertFile.isEmpty() != clientKeyFile.isEmpty()) {
            throw new IllegalArgumentException("A TLS client certificate needs its key and a key its certificate:"
                    + " set both files or neither");
        }
    }

    public boolean hasClientCertificate() {
        return !clientCertFile.isEmpty();
    }

    /** {@code TLS}, {@code TLS (not verified)}, or empty when off. */
    public String label() {
        return !enabled ? "" : verify ? "TLS" : "TLS (not verified)";
    }
}
