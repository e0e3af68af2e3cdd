package io.opsdeck.app.cli;

import io.opsdeck.services.action.FlushRequest;
import io.opsdeck.services.model.CacheKind;
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
        return execute(() -> new FlushRequest(target, kind(), databases.db, delay));
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
