package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.cache.CacheReadException.Kind;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.services.model.CacheTransport;
import io.opsdeck.services.model.PodKey;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where to connect to read a cache node: the address configured for an external cache, or the local
 * end of a port-forward to the pod. Forwards stay open and are reused across polls; one that broke
 * (or whose read failed on the way) is replaced at the next read; those of pods that are gone are
 * closed by {@link #retain}, all of them by {@link #close()}. Passwords come from the node's
 * reference through {@link CachePasswords}. TLS comes from the external cache's settings or, in the
 * cluster, from {@link CacheTlsRules}; a password goes without TLS only through a port-forward (inside the
 * API server's TLS connection) or where an external cache's settings allow it.
 */
public final class CacheEndpoints implements AutoCloseable {
    private final PodPortForwarder forwarder;
    private final CachePasswords passwords;
    private final CacheCredentials credentials;
    private final CacheTlsRules tls;
    private final Map<PodKey, CacheAddress> externals = new HashMap<>();
    private final Map<String, PodPortForwarder.Forward> forwards = new HashMap<>();
    private boolean closed;

    /**
     * @param forwarder null when there is no cluster (only external caches can be read then)
     */
    public CacheEndpoints(PodPortForwarder forwarder, CachePasswords passwords, CacheCredentials credentials,
                          List<CacheAddress> externalCaches) {
        this(forwarder, passwords, credentials, CacheTlsRules.NONE, externalCaches);
    }

    /**
     * @param forwarder null when there is no cluster (only external caches can be read then)
     * @param tls       TLS of the cluster's caches; external caches carry their own
     */
    public CacheEndpoints(PodPortForwarder forwarder, CachePasswords passwords, CacheCredentials credentials,
                          CacheTlsRules tls, List<CacheAddress> externalCaches) {
        this.forwarder = forwarder;
        this.passwords = passwords;
        this.credentials = credentials;
        this.tls = tls;
        for (CacheAddress a : externalCaches) {
            externals.put(a.key(), a);
        }
    }

    /** The external caches from settings, as nodes for discovery. */
    public List<CacheNode> externalNodes() {
        List<CacheNode> out = new ArrayList<>();
        externals.values().forEach(a -> out.add(a.node()));
        out.sort((a, b) -> a.pod().compareTo(b.pod()));
        return out;
    }

    /** The password reference that applies to the node, or empty. */
    public String passwordRef(CacheNode node) {
        CacheAddress a = externals.get(node.pod());
        return a != null ? a.passwordRef() : credentials.refFor(node);
    }

    /**
     * @throws CacheReadException when the password reference cannot be resolved or no forward can be opened
     */
    public CacheTarget target(CacheNode node) throws CacheReadException {
        if (transport(node) == CacheTransport.CLEARTEXT_REFUSED) {
            // not even read from where it is: it would not be sent
            CacheAddress a = externals.get(node.pod());
            throw CacheSockets.cleartextRefused("Redis", a.address() + " (" + a.name() + ")");
        }
        CachePassword password = passwords.resolve(passwordRef(node)).orElse(null);
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
        if (e.kind() == Kind.AUTH) {
            passwords.forget(passwordRef(node));
            return e;
        }
        if (e.kind() != Kind.CONNECTION && e.kind() != Kind.TIMEOUT) {
            return e;
        }
        PodPortForwarder.Forward f;
        synchronized (this) {
            f = forwards.remove(key(node));
        }
        if (f == null) {
            return e;
        }
        String problem = f.problem();
        f.close();
        return problem.isEmpty() ? e : new CacheReadException(e.kind(), e.getMessage() + " (the API server said: "
                + problem + ")", e);
    }

    /** Closes the forwards of pods not in {@code keep}. */
    public void retain(Collection<PodKey> keep) {
        Set<String> live = new HashSet<>();
        keep.forEach(p -> live.add(p.toString()));
        List<PodPortForwarder.Forward> gone = new ArrayList<>();
        synchronized (this) {
            forwards.entrySet().removeIf(e -> {
                boolean drop = !live.contains(e.getKey().substring(0, e.getKey().lastIndexOf(':')));
                if (drop) {
                    gone.add(e.getValue());
                }
                return drop;
            });
        }
        gone.forEach(PodPortForwarder.Forward::close);
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
            all = new ArrayList<>(forwards.values());
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
            PodPortForwarder.Forward f = forwards.get(key);
            if (f != null && f.healthy()) {
                return f;
            }
            stale = forwards.remove(key);
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
            raced = forwards.put(key, opened);
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
