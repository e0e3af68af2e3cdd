package io.opsdeck.app.cli;

import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Locale;

/** {@code opsdeck flush TARGET}: empties a Redis or Memcached node, or every node of a cache cluster. */
@Command(name = "flush", mixinStandardHelpOptions = true,
        description = {"Flush a cache: every key of a Redis or Memcached node, or of every node of a cache cluster, node"
                + " by node: plan (read fresh from each node), check, confirm (the cache's name, always), run, record.",
                "Nothing brings the keys back."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done or planned", "2:bad arguments (no such cache, --kind missing for HOST:PORT)",
            "3:the cluster or the cache cannot be reached",
            "4:not allowed (a replica, the server refuses the command: NOPERM, renamed command, --disable-flush-all,"
                    + " wrong password; a password withheld: an external cache's Secret pairing not approved, a pod not"
                    + " owned by the cache cluster; RBAC, read-only or protected context, no confirmation)",
            "5:cancelled", "6:failed otherwise (e.g. the connection dropped and the flush did not happen)"})
public final class FlushCommand extends ActionCommand {
    @Parameters(index = "0", paramLabel = "TARGET",
            description = "NAMESPACE/POD (a cache pod), NAMESPACE/CLUSTER (every node of a cache cluster, as the Caches"
                    + " view groups them), the name of an external cache from Settings, or HOST:PORT.")
    String target;

    @Option(names = "--kind", paramLabel = "redis|memcached",
            description = "What runs at HOST:PORT (needed unless the port is 6379 or 11211).")
    String kind;

    @ArgGroup(exclusive = true)
    Databases databases = new Databases();

    @Option(names = "--tls", description = "HOST:PORT: connect with TLS (Redis 6+ --tls-port, Memcached -Z), the"
            + " certificate checked against the system's trust store and the host name. rediss://HOST:PORT says the"
            + " same. Pods and external caches take their TLS from Settings.")
    boolean tls;

    @Option(names = "--tls-ca", paramLabel = "FILE", description = "HOST:PORT over TLS: trust the CA certificate(s) in"
            + " this PEM file instead of the system's.")
    String tlsCa;

    @Option(names = "--tls-server-name", paramLabel = "NAME", description = "HOST:PORT over TLS: the name the server's"
            + " certificate must hold, when it is not HOST (e.g. a Service's DNS name behind kubectl port-forward).")
    String tlsServerName;

    @Option(names = "--tls-no-verify", description = "HOST:PORT over TLS without checking the certificate: anyone"
            + " between here and there can read the password. Said in the plan and the audit trail.")
    boolean tlsNoVerify;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "HOST:PORT over TLS: a PEM client certificate"
            + " for a server that asks for one (with --tls-key).")
    String tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM key file of --tls-cert (not encrypted).")
    String tlsKey;

    @Option(names = "--delay", paramLabel = "SECONDS", defaultValue = "0",
            description = "Memcached: flush the nodes of a cluster SECONDS apart (flush_all's delay), so the backing"
                    + " store is not hit by the whole pool at once.")
    int delay;

    /** {@code --db N} or {@code --all} (the default). */
    static final class Databases {
        @Option(names = "--db", paramLabel = "N", description = "Redis: flush database N only (FLUSHDB).")
        Integer db;

        @Option(names = "--all", description = "Every database (FLUSHALL); the default.")
        boolean all;
    }

    @Override
    public Integer call() {
        return execute(() -> new FlushRequest(target, kind(), databases.db, delay, tls()));
    }

    /** The --tls options as settings for a HOST:PORT target; null when none is given. */
    private CacheTls tls() {
        boolean any = tls || tlsNoVerify || tlsCa != null || tlsServerName != null || tlsCert != null || tlsKey != null;
        if (!any) {
            return null;
        }
        if (tlsNoVerify && (tlsCa != null || tlsServerName != null)) {
            throw new IllegalArgumentException("--tls-no-verify checks nothing, so --tls-ca and --tls-server-name would"
                    + " be ignored; leave out one or the other");
        }
        return new CacheTls(true, !tlsNoVerify, tlsCa, tlsServerName, tlsCert, tlsKey);
    }

    private CacheKind kind() {
        if (kind == null) {
            return null;
        }
        for (CacheKind k : CacheKind.values()) {
            if (k.id().equals(kind.toLowerCase(Locale.ROOT))) {
                return k;
            }
        }
        throw new IllegalArgumentException("Invalid --kind '" + kind + "': write redis or memcached");
    }
}
