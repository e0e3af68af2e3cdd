package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.ClusterSnapshot;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The port through which actions read and flush cache servers: which nodes a target names, each
 * node's facts read fresh, and the flush itself. The cache adapter (port-forwards and direct
 * addresses, Redis and Memcached protocols) and the sandbox implement it; nothing else sends a
 * flush. Every read is bounded in size and time by the implementation.
 */
public interface CacheOps {

    /** For a context with no cache access at all (the cluster could not be opened). */
    CacheOps NONE = new CacheOps() {
        @Override
        public List<Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot) throws ActionException {
            throw new ActionException(ActionException.Kind.UNREACHABLE, "Opsdeck cannot reach caches in this context;"
                    + " open a context whose cluster can be reached, or flush a HOST:PORT from the command line");
        }

        @Override
        public Facts read(Node node) throws ActionException {
            throw unreachable(node);
        }

        @Override
        public String flush(Node node, Flush flush) throws ActionException {
            throw unreachable(node);
        }

        private ActionException unreachable(Node node) {
            return new ActionException(ActionException.Kind.UNREACHABLE, "Opsdeck cannot reach " + node.label()
                    + " in this context");
        }
    };

    /**
     * The nodes {@code target} names, in order: {@code NAMESPACE/POD} (a cache pod),
     * {@code NAMESPACE/CLUSTER} (every node of a cache cluster as the Caches view groups them), the
     * name of an external cache from Settings, or {@code HOST:PORT}.
     *
     * @param kind     the kind the user said ({@code --kind}); null when not said
     * @param snapshot the cluster as last seen; null when none was loaded (then only external caches
     *                 and addresses can be named)
     * @throws ActionException {@link ActionException.Kind#BAD_REQUEST} with a sentence when nothing matches
     */
    List<Node> resolve(String target, CacheKind kind, ClusterSnapshot snapshot) throws ActionException;

    /** The node's facts, read fresh from the server. */
    Facts read(Node node) throws ActionException;

    /**
     * Sends exactly {@code flush} to the node and returns the server's reply ({@code OK}).
     *
     * @throws ActionException {@link ActionException.Kind#FORBIDDEN} when the server refuses it (NOPERM,
     *                         an unknown command, READONLY, {@code CLIENT_ERROR}, a refused password),
     *                         {@link ActionException.Kind#UNREACHABLE} when the connection failed before the
     *                         command was sent, {@link ActionException.Kind#FAILED} when it failed after: whether
     *                         the flush happened is then not known from the reply
     */
    String flush(Node node, Flush flush) throws ActionException;

    /**
     * One cache server to act on.
     *
     * @param namespace the pod's namespace, {@code external} for a cache from Settings, empty for an address
     * @param name      the pod's or external cache's name, or {@code host:port}
     * @param cluster   the cache cluster as the Caches view groups it (the name itself for a lone node)
     * @param role      the role known before reading ({@code primary}, {@code replica}) or empty
     * @param inCluster reached through a port-forward to a pod (needs {@code create pods/portforward})
     * @param tls       for an address: TLS as the command line says ({@code rediss://}, {@code --tls…}); a pod's or
     *                  external cache's comes from Settings, and this is {@link CacheTls#OFF}
     */
    record Node(String namespace, String name, String cluster, CacheKind kind, String role, boolean inCluster,
                CacheTls tls) {
        public Node {
            namespace = namespace == null ? "" : namespace;
            role = role == null ? "" : role;
            cluster = cluster == null || cluster.isEmpty() ? name : cluster;
            tls = tls == null ? CacheTls.OFF : tls;
        }

        public Node(String namespace, String name, String cluster, CacheKind kind, String role, boolean inCluster) {
            this(namespace, name, cluster, kind, role, inCluster, CacheTls.OFF);
        }

        public Node withTls(CacheTls value) {
            return new Node(namespace, name, cluster, kind, role, inCluster, value);
        }

        /** An address given on the command line, not a pod or a cache from Settings. */
        public boolean isAddress() {
            return namespace.isEmpty();
        }

        /** {@code cache/redis-0}, {@code external/sessions} or {@code 127.0.0.1:6379}. */
        public String label() {
            return namespace.isEmpty() ? name : namespace + "/" + name;
        }
    }

    /**
     * What a node says about itself. Unknown numbers are {@code -1} (counts) or {@code NaN} (ratios).
     *
     * @param version       the server's version, e.g. {@code 7.0.15}; empty when not said
     * @param role          {@code primary} or {@code replica}; empty for Memcached
     * @param primary       on a replica: its primary's {@code host:port}
     * @param clusterMode   Redis Cluster ({@code cluster_enabled:1})
     * @param masters       in cluster mode: every master as {@code CLUSTER NODES} lists it ({@code host:port})
     * @param keysPerDb     Redis: keys per database ({@code INFO keyspace}); Memcached: {@code 0 → curr_items}
     * @param usedMemory    Redis {@code used_memory}, Memcached {@code bytes}
     * @param hitRatio      hits over reads since the server started
     * @param opsPerSec     Redis {@code instantaneous_ops_per_sec}; Memcached: the average since it started
     */
    record Facts(CacheKind kind, String version, String role, String primary, boolean clusterMode, List<String> masters,
                 SortedMap<Integer, Long> keysPerDb, long usedMemory, double hitRatio, double opsPerSec) {
        public Facts {
            version = version == null ? "" : version;
            role = role == null ? "" : role;
            primary = primary == null ? "" : primary;
            masters = List.copyOf(masters);
            keysPerDb = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(keysPerDb));
        }

        /** Keys in what a flush of {@code db} covers (every database when null). */
        public long keys(Integer db) {
            if (db != null) {
                return keysPerDb.getOrDefault(db, 0L);
            }
            return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
        }

        public boolean replica() {
            return role.equals("replica");
        }

        /** The major version, 0 when it cannot be read. */
        public int majorVersion() {
            int dot = version.indexOf('.');
            try {
                return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    /**
     * The exact flush to send.
     *
     * @param db           the Redis database to flush alone ({@code --db N}); null for every database
     * @param command      the words sent: {@code FLUSHALL ASYNC}, {@code FLUSHDB ASYNC}, {@code flush_all 30}
     * @param delaySeconds Memcached: seconds before the flush takes effect (0 for at once)
     */
    record Flush(Integer db, List<String> command, int delaySeconds) {
        public Flush {
            command = List.copyOf(command);
        }

        /** {@code FLUSHALL ASYNC} — how the plan and the audit trail write it. */
        public String text() {
            return String.join(" ", command);
        }
    }
}
