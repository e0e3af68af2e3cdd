package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.PodKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where to connect to read a cache node: the address configured for an external cache, or the local
 * end of a port-forward to the pod. A forward is opened on demand and reused across polls; one not
 * used for {@link #IDLE} is closed (a local port that leads into the cluster is open to every local
 * user while it exists), one that broke (or whose read failed on the way) is replaced at the next
 * read; those of pods that are gone are closed by {@link #retain}, all of them by {@link #close()}.
 * Passwords come from the node's reference through {@link CachePasswords}, and only where
 * {@link PasswordBinding} says they belong. TLS comes from the external cache's settings or, in the
 * cluster, from {@link CacheTlsRules}; a password goes without TLS only through a port-forward (inside the
 * API server's TLS connection) or where an external cache's settings allow it.
 */
public final class CacheEndpoints implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CacheEndpoints.class);
    /** How long a port-forward may go unused before it is closed. */
    public static final Duration IDLE = Duration.ofSeconds(60);

    private final PodPortForwarder forwarder;
    private final CachePasswords passwords;
    private final PasswordBinding binding;
    private final Clock clock;
    private final CacheTlsRules tls;
    private final Map<PodKey, CacheAddress> externals = new HashMap<>();
    private final Map<String, Open> forwards = new HashMap<>();
    private boolean closed;

    /** A forward and when a read last went through it. */
    private static final class Open {
        final PodPortForwarder.Forward forward;
        Instant used;

        Open(PodPortForwarder.Forward forward, Instant used) {
            this.forward = forward;
            this.used = used;
        }
    }

    /**
     * @param forwarder null when there is no cluster (only external caches can be read then)
     * @param owners    reads pods' owners to bind workload references; null when there is no cluster
     * @param approvals the approved pairings of external address and Secret
     */
    public CacheEndpoints(PodPortForwarder forwarder, PodOwners owners, CachePasswords passwords,
                          CacheCredentials credentials, CacheTlsRules tls, List<CacheAddress> externalCaches,
                          CacheApprovalStore approvals, Clock clock) {
        this.forwarder = forwarder;
        this.passwords = passwords;
        this.clock = clock;
        this.tls = tls;
        for (CacheAddress a : externalCaches) {
            externals.put(a.key(), a);
        }
        this.binding = new PasswordBinding(externals, credentials, owners, approvals, clock);
    }

    /** With no TLS for the cluster's caches (external caches carry their own). */
    public CacheEndpoints(PodPortForwarder forwarder, PodOwners owners, CachePasswords passwords,
                          CacheCredentials credentials, List<CacheAddress> externalCaches,
                          CacheApprovalStore approvals, Clock clock) {
        this(forwarder, owners, passwords, credentials, CacheTlsRules.NONE, externalCaches, approvals, clock);
    }

    /** Without owners to read, approvals or a clock of its own: workload references and Secret pairings never apply. */
    public CacheEndpoints(PodPortForwarder forwarder, CachePasswords passwords, CacheCredentials credentials,
                          List<CacheAddress> externalCaches) {
        this(forwarder, passwords, credentials, CacheTlsRules.NONE, externalCaches);
    }

    /**
     * Without owners to read, approvals or a clock of its own.
     *
     * @param tls TLS of the cluster's caches; external caches carry their own
     */
    public CacheEndpoints(PodPortForwarder forwarder, CachePasswords passwords, CacheCredentials credentials,
                          CacheTlsRules tls, List<CacheAddress> externalCaches) {
        this(forwarder, null, passwords, credentials, tls, externalCaches, CacheApprovalStore.none(),
                Clock.systemUTC());
    }

    /** The external caches from settings, as nodes for discovery. */
    public List<CacheNode> externalNodes() {
        List<CacheNode> out = new ArrayList<>();
        externals.values().forEach(a -> out.add(a.node()));
        out.sort((a, b) -> a.pod().compareTo(b.pod()));
        return out;
    }

    /** The approvals this context's external caches wait for (Caches page, command line). */
    public io.opsdeck.services.source.CacheApprovals approvals() {
        return binding.approvals();
    }

    /**
     * @throws CacheReadException when the password may not go to the node (kind
     *                            {@link Kind#PASSWORD_WITHHELD}), its reference cannot be resolved, or no
     *                            forward can be opened
     */
    public CacheTarget target(CacheNode node) throws CacheReadException {
        closeIdle();
        if (transport(node) == CacheTransport.CLEARTEXT_REFUSED) {
            // not even read from where it is: it would not be sent
            CacheAddress a = externals.get(node.pod());
            throw CacheSockets.cleartextRefused("Redis", a.address() + " (" + a.name() + ")");
        }
        CachePassword password = passwords.resolve(binding.refFor(node)).orElse(null);
        CacheAddress a = externals.get(node.pod());
        if (a != null) {
            return new CacheTarget(a.host(), a.port(), password, a.address() + " (" + a.name() + ")", a.tls(),
                    a.allowCleartextPassword());
        }
        if (forwarder == null) {
            throw new CacheReadException(Kind.CONNECTION, "There is no cluster connection to port-forward to "
                    + node.pod() + ":" + node.port() + "; open its context, or add the cache by address in Settings");
        }
        PodPortForwarder.Forward f = forward(node);
        String local = f.localHost() + ":" + f.localPort();
        // through the API server's TLS connection: a password without TLS to the pod does not leave it unencrypted
        return new CacheTarget(f.localHost(), f.localPort(), password, node.pod() + ":" + node.port()
                + " through a port-forward on " + local, tls.forNode(node), true);
    }

    /** How the connection to the node is protected, as the settings make it: for the Caches page and the report. */
    public CacheTransport transport(CacheNode node) {
        CacheAddress a = externals.get(node.pod());
        CacheTls t = a != null ? a.tls() : tls.forNode(node);
        if (t.enabled()) {
            return t.verify() ? CacheTransport.TLS : CacheTransport.TLS_NOT_VERIFIED;
        }
        if (a == null) {
            return CacheTransport.PORT_FORWARD;
        }
        // Memcached's text protocol has no password: none is sent
        if (a.passwordRef().isEmpty() || a.kind() == CacheKind.MEMCACHED) {
            return CacheTransport.PLAIN;
        }
        return a.allowCleartextPassword() ? CacheTransport.CLEARTEXT_ALLOWED : CacheTransport.CLEARTEXT_REFUSED;
    }

    /**
     * Notes that reading the node failed: a broken way there is opened anew next time, a refused
     * password is read again from its Secret. Returns the failure with what the port-forward knows
     * about it (e.g. the API server's refusal), if anything.
     */
    public CacheReadException failed(CacheNode node, CacheReadException e) {
        if (e.kind() == Kind.PASSWORD_WITHHELD) {
            return e;
        }
        // the pod may have been replaced: its owners are read again before a password goes there
        binding.forget(node.pod());
        if (e.kind() == Kind.AUTH) {
            try {
                passwords.forget(binding.refFor(node));
            } catch (CacheReadException withheld) {
                // no password went there, so none is to be read again
            }
            return e;
        }
        if (e.kind() != Kind.CONNECTION && e.kind() != Kind.TIMEOUT) {
            return e;
        }
        PodPortForwarder.Forward f;
        synchronized (this) {
            Open o = forwards.remove(key(node));
            f = o == null ? null : o.forward;
        }
        if (f == null) {
            return e;
        }
        String problem = f.problem();
        f.close();
        return problem.isEmpty() ? e : new CacheReadException(e.kind(), e.getMessage() + " (the API server said: "
                + problem + ")", e);
    }

    /** Closes the forwards of pods not in {@code keep}, and those idle for {@link #IDLE}. */
    public void retain(Collection<PodKey> keep) {
        Set<String> live = new HashSet<>();
        keep.forEach(p -> live.add(p.toString()));
        closeWhere(key -> !live.contains(key.substring(0, key.lastIndexOf(':'))), clock.instant());
    }

    /** Closes the forwards no read went through for {@link #IDLE}; the next read opens them again. */
    public void closeIdle() {
        closeWhere(key -> false, clock.instant());
    }

    private void closeWhere(java.util.function.Predicate<String> gone, Instant now) {
        List<PodPortForwarder.Forward> closing = new ArrayList<>();
        synchronized (this) {
            forwards.entrySet().removeIf(e -> {
                boolean drop = gone.test(e.getKey()) || !now.isBefore(e.getValue().used.plus(IDLE));
                if (drop) {
                    closing.add(e.getValue().forward);
                }
                return drop;
            });
        }
        if (!closing.isEmpty()) {
            LOG.debug("Closed {} port-forward(s) to caches: unused for {} s or their pods are gone", closing.size(),
                    IDLE.toSeconds());
        }
        closing.forEach(PodPortForwarder.Forward::close);
    }

    /** How many forwards are open, for the status line and tests. */
    public synchronized int openForwards() {
        return forwards.size();
    }

    @Override
    public void close() {
        List<PodPortForwarder.Forward> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>();
            forwards.values().forEach(o -> all.add(o.forward));
            forwards.clear();
        }
        all.forEach(PodPortForwarder.Forward::close);
    }

    private PodPortForwarder.Forward forward(CacheNode node) throws CacheReadException {
        String key = key(node);
        PodPortForwarder.Forward stale;
        synchronized (this) {
            if (closed) {
                throw new CacheReadException(Kind.CONNECTION, "Cache reading has stopped (the session closed)");
            }
            Open o = forwards.get(key);
            if (o != null && o.forward.healthy()) {
                o.used = clock.instant();
                return o.forward;
            }
            Open old = forwards.remove(key);
            stale = old == null ? null : old.forward;
        }
        if (stale != null) {
            stale.close();
        }
        // opened outside the lock: it may take a moment, and other nodes' reads go on meanwhile
        PodPortForwarder.Forward opened = forwarder.open(node.pod(), node.port());
        PodPortForwarder.Forward raced;
        synchronized (this) {
            if (closed) {
                opened.close();
                throw new CacheReadException(Kind.CONNECTION, "Cache reading has stopped (the session closed)");
            }
            Open before = forwards.put(key, new Open(opened, clock.instant()));
            raced = before == null ? null : before.forward;
        }
        if (raced != null) {
            raced.close();
        }
        return opened;
    }

    private static String key(CacheNode node) {
        return node.pod() + ":" + node.port();
    }
}
