package io.opsdeck.services.k8s.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link KubeClients} sets up a client.
 *
 * @param opsdeckVersion Opsdeck's version, sent as {@code User-Agent: opsdeck/<version>} so that
 *                       API server audit logs show who acted
 * @param connectTimeout TCP and TLS connect timeout
 * @param requestTimeout timeout of one ordinary request (watches are not bound by it)
 * @param execTimeout    how long an exec credential plugin may run; generous, because some open a
 *                       browser for the user to log in
 */
public record KubeClientOptions(String opsdeckVersion, Duration connectTimeout, Duration requestTimeout,
                                Duration execTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_EXEC_TIMEOUT = Duration.ofMinutes(2);

    public KubeClientOptions {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(execTimeout, "execTimeout");
        opsdeckVersion = opsdeckVersion == null || opsdeckVersion.isBlank() ? "dev" : opsdeckVersion.strip();
    }

    /** Defaults, with the version taken from the jar's manifest when there is one. */
    public static KubeClientOptions defaults() {
        return defaults(KubeClientOptions.class.getPackage().getImplementationVersion());
    }

    public static KubeClientOptions defaults(String opsdeckVersion) {
        return new KubeClientOptions(opsdeckVersion, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_EXEC_TIMEOUT);
    }

    public String userAgent() {
        return "opsdeck/" + opsdeckVersion;
    }
}
