package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.ClusterSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Flush a cache: one Redis or Memcached node, or every node of a cache cluster, node by node. The
 * action with no undo: every key is gone and the backing store takes the misses, so the plan is
 * read fresh from each node, the cache's name is always typed to confirm, and a replica (where a
 * write fails with READONLY) is refused with the name of its primary.
 *
 * @param target       {@code NAMESPACE/POD}, {@code NAMESPACE/CLUSTER}, an external cache's name, or {@code HOST:PORT}
 * @param kind         {@code --kind}; null when not said (then the target or the port says)
 * @param db           {@code --db N}: that Redis database alone; null for every database ({@code --all})
 * @param delaySeconds {@code --delay}: Memcached nodes of a cluster flush this many seconds apart
 * @param addressTls   {@code --tls…}: TLS to a {@code HOST:PORT} target; null when not said (then a {@code rediss://}
 *                     target is TLS with the defaults, and a plain address none). Pods and external caches take
 *                     theirs from Settings
 */
public record FlushRequest(String target, CacheKind kind, Integer db, int delaySeconds, CacheTls addressTls)
        implements ActionRequest {

    public FlushRequest {
        if (target == null || target.isBlank()) {
            throw new IllegalArgumentException("Name the cache to flush: NAMESPACE/POD, NAMESPACE/CLUSTER, the name of"
                    + " an external cache, or HOST:PORT");
        }
        target = target.trim();
        if (target.contains("@")) {
            // deliberately not echoed: user-info (redis://:PASSWORD@host:port) would go to the terminal, --json and logs
            throw new IllegalArgumentException("A flush target holds no user or password (it contains an '@'):"
                    + " give HOST:PORT or rediss://HOST:PORT, or the name of an external cache whose password"
                    + " Settings take as a reference");
        }
        if (db != null && db < 0) {
            throw new IllegalArgumentException("Invalid --db " + db + ": a Redis database is a number from 0");
        }
        if (delaySeconds < 0) {
            throw new IllegalArgumentException("Invalid --delay " + delaySeconds + ": it is seconds, 0 or more");
        }
    }

    public FlushRequest(String target, CacheKind kind, Integer db, int delaySeconds) {
        this(target, kind, db, delaySeconds, null);
    }

    public FlushRequest(String target) {
        this(target, null, null, 0);
    }

    @Override
    public String action() {
        return "flush";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        if (kind != null) {
            p.put("kind", kind.id());
        }
        p.put("db", db == null ? "all" : db);
        if (delaySeconds > 0) {
            p.put("delay", delaySeconds);
        }
        if (addressTls != null && addressTls.enabled()) {
            p.put("tls", addressTls.verify() ? "verified" : "not-verified");
        }
        return p;
    }

    @Override
    public String commandLine() {
        return "flush " + target + (kind == null ? "" : " --kind " + kind.id()) + (db == null ? "" : " --db " + db)
                + (delaySeconds > 0 ? " --delay " + delaySeconds : "") + tlsOptions();
    }

    /** The {@code --tls…} options that say {@link #addressTls} again; file paths, never a key. */
    private String tlsOptions() {
        if (addressTls == null || !addressTls.enabled()) {
            return "";
        }
        return " --tls" + (addressTls.verify() ? "" : " --tls-no-verify")
                + (addressTls.caFile().isEmpty() ? "" : " --tls-ca " + addressTls.caFile())
                + (addressTls.serverName().isEmpty() ? "" : " --tls-server-name " + addressTls.serverName())
                + (addressTls.hasClientCertificate() ? " --tls-cert " + addressTls.clientCertFile() + " --tls-key "
                + addressTls.clientKeyFile() : "");
    }

    /** Pods and cache clusters are found in the snapshot; external caches and addresses are not. */
    @Override
    public boolean needsSnapshot() {
        return target.contains("/") && !target.startsWith("external/") && !target.contains("://");
    }

    @Override
    public ActionPlan plan(PlanContext context) throws ActionException {
        CacheOps caches = context.caches();
        List<CacheOps.Node> nodes = caches.resolve(target, kind, context.snapshot().get());
        if (nodes.isEmpty()) {
            throw new ActionException(ActionException.Kind.BAD_REQUEST, "No cache node answers to " + target);
        }
        if (addressTls != null) {
            if (!nodes.stream().allMatch(CacheOps.Node::isAddress)) {
                throw new ActionException(ActionException.Kind.BAD_REQUEST, "The --tls options are for a HOST:PORT"
                        + " target; " + target + " takes its TLS from Settings (an external cache's, or cacheTls for the"
                        + " cluster's caches). Leave them out.");
            }
            nodes = nodes.stream().map(n -> n.withTls(addressTls)).toList();
        }
        boolean oneNode = nodes.size() == 1;
        List<FlushStep> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> blockers = new ArrayList<>();
        ActionException firstUnreadable = null;
        int memcachedIndex = 0;
        for (CacheOps.Node node : nodes) {
            if (delaySeconds > 0 && node.kind() == CacheKind.REDIS) {
                throw new ActionException(ActionException.Kind.BAD_REQUEST, "--delay staggers Memcached nodes; "
                        + node.label() + " is Redis, which flushes at once. Leave --delay out.");
            }
            if (db != null && node.kind() == CacheKind.MEMCACHED) {
                throw new ActionException(ActionException.Kind.BAD_REQUEST, "--db names a Redis database; "
                        + node.label() + " is Memcached, which has none. Leave --db out.");
            }
            CacheOps.Facts facts;
            try {
                facts = caches.read(node);
            } catch (ActionException e) {
                if (oneNode) {
                    throw e;
                }
                firstUnreadable = firstUnreadable == null ? e : firstUnreadable;
                warnings.add(node.label() + " could not be read and will not be flushed: " + e.getMessage());
                steps.add(FlushStep.skipped(node, "unreachable", e.getMessage()));
                continue;
            }
            if (facts.replica()) {
                String primary = primaryName(facts.primary(), context.snapshot().get());
                String why = "a replica" + (primary.isEmpty() ? "" : " of " + primary)
                        + ": a write there fails with READONLY, and its primary's flush reaches it by replication";
                if (oneNode) {
                    blockers.add(node.label() + " is " + why + ". Flush the primary" + (primary.isEmpty() ? "" : " " + primary)
                            + " instead.");
                }
                steps.add(FlushStep.skipped(node, "replica", why).withFacts(facts));
                continue;
            }
            if (db != null && facts.clusterMode() && db != 0) {
                blockers.add(node.label() + " runs in Redis Cluster mode, which has database 0 only; --db " + db
                        + " does not exist there.");
            }
            int delay = node.kind() == CacheKind.MEMCACHED ? delaySeconds * memcachedIndex++ : 0;
            steps.add(FlushStep.planned(node, facts, command(node.kind(), facts, db, delay)));
        }
        List<FlushStep> flushed = steps.stream().filter(FlushStep::flushes).toList();
        if (flushed.isEmpty() && blockers.isEmpty()) {
            if (firstUnreadable != null && steps.stream().allMatch(s -> s.state().equals("unreachable"))) {
                throw firstUnreadable;
            }
            blockers.add("No node of " + target + " can be flushed: " + steps.get(0).reason() + ".");
        }
        clusterModeCheck(flushed, warnings, blockers);
        String name = objectName(nodes);
        List<String> changes = new ArrayList<>();
        for (FlushStep s : steps) {
            changes.add(s.describe());
        }
        changes.add("Nothing brings the keys back: the backing store takes every miss until the cache refills.");
        CacheKind kinds = nodes.get(0).kind();
        boolean mixed = nodes.stream().anyMatch(n -> n.kind() != kinds);
        // a node whose count could not be read makes the sum unknown, not smaller
        long keysBefore = flushed.stream().anyMatch(s -> s.keysBefore(db) < 0) ? -1
                : flushed.stream().mapToLong(s -> s.keysBefore(db)).sum();
        String what = oneNode ? nodes.get(0).label()
                : "the cache cluster " + nodes.get(0).namespace() + (nodes.get(0).namespace().isEmpty() ? "" : "/")
                + nodes.get(0).cluster() + " (" + nodes.size() + " nodes)";
        String title = "Flush " + what + ": " + FlushStep.count(keysBefore) + " "
                + (mixed || kinds == CacheKind.REDIS ? "key" : "item") + (keysBefore == 1 ? "" : "s")
                + (db == null ? "" : " in database " + db) + " will be gone";
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kind", mixed ? "mixed" : kinds.id());
        if (oneNode && kinds == CacheKind.REDIS && steps.get(0).facts() != null) {
            facts.put("role", steps.get(0).facts().role());
        }
        facts.put("keysBefore", keysBefore < 0 ? null : keysBefore);
        if (!oneNode) {
            facts.put("nodes", steps.stream().map(s -> s.json(db)).toList());
        }
        Set<Permission> permissions = new LinkedHashSet<>();
        for (CacheOps.Node n : nodes) {
            if (n.inCluster()) {
                permissions.add(Permission.namespaced("create", "", "pods", "portforward", n.namespace()));
            }
        }
        CacheOps.Node first = nodes.get(0);
        String objectKind = first.inCluster() ? (oneNode ? "Pod" : "") : "";
        return new ActionPlan(this, title, objectKind, first.inCluster() ? first.namespace() : "", name, changes,
                warnings, true, String.join(" ", blockers), List.copyOf(permissions),
                "Nothing brings the keys back: a flush has no undo.", facts,
                steps.stream().map(FlushStep::item).toList(),
                run -> new FlushRun(this, steps, facts, oneNode).run(run), null);
    }

    /**
     * What is sent: ASYNC on Redis 4 and later, so a big flush does not block the server (plain before 4,
     * which knows no ASYNC); {@code flush_all [delay]} on Memcached.
     */
    static CacheOps.Flush command(CacheKind kind, CacheOps.Facts facts, Integer db, int delay) {
        if (kind == CacheKind.MEMCACHED) {
            return new CacheOps.Flush(null, delay > 0 ? List.of("flush_all", Integer.toString(delay)) : List.of("flush_all"),
                    delay);
        }
        List<String> words = new ArrayList<>();
        words.add(db == null ? "FLUSHALL" : "FLUSHDB");
        if (facts.majorVersion() >= 4) {
            words.add("ASYNC");
        }
        return new CacheOps.Flush(db, words, 0);
    }

    /** In Redis Cluster mode a FLUSHALL empties only its own node's slots: every master must be in the plan. */
    private static void clusterModeCheck(List<FlushStep> flushed, List<String> warnings, List<String> blockers) {
        Set<String> masters = new LinkedHashSet<>();
        boolean clusterMode = false;
        for (FlushStep s : flushed) {
            if (s.facts() != null && s.facts().clusterMode()) {
                clusterMode = true;
                masters.addAll(s.facts().masters());
            }
        }
        if (!clusterMode) {
            return;
        }
        warnings.add("Redis Cluster mode: each master holds only its own slots, so every master must be flushed: "
                + String.join(", ", masters) + ".");
        long planned = flushed.stream().filter(s -> s.facts() != null && s.facts().clusterMode()).count();
        if (planned < masters.size()) {
            blockers.add("This Redis Cluster has " + masters.size() + " masters (" + String.join(", ", masters)
                    + ") and the plan reaches " + planned + ": a flush of fewer would leave the others' keys."
                    + " Flush the whole cache cluster (NAMESPACE/CLUSTER) instead.");
        }
    }

    /** A replica's primary as {@code host:port}, named by its pod when the snapshot has a pod with that address. */
    static String primaryName(String address, ClusterSnapshot snapshot) {
        int colon = address.lastIndexOf(':');
        if (snapshot == null || colon <= 0) {
            return address;
        }
        String ip = address.substring(0, colon);
        return snapshot.pods().stream().filter(p -> p.podIp().equals(ip)).findFirst()
                .map(p -> p.namespace() + "/" + p.name() + " (" + address + ")").orElse(address);
    }

    private static String objectName(List<CacheOps.Node> nodes) {
        return nodes.size() == 1 ? nodes.get(0).name() : nodes.get(0).cluster();
    }
}
