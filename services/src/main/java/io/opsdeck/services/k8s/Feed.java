package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One informer and what is known about it: whether it has listed, whether its watch is up, its
 * last error, and, once it has failed for good, a sentence for {@code ClusterSnapshot.unavailable()}.
 *
 * <p>Threads: the informer's callbacks (event handler, exception handler) run on fabric8's threads
 * and only set volatile fields; {@link #observe()}, {@link #reconcile} and the accessors run on the
 * source's builder thread; {@link #start} and {@link #stop} are synchronized so that a closed feed
 * never starts an informer again.
 */
final class Feed<T extends HasMetadata> {
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);

    /** Makes an informer, not yet started, for all namespaces ({@code null}) or for one namespace. */
    interface Factory<T extends HasMetadata> {
        SharedIndexInformer<T> create(String namespace);
    }

    final ResourceKind kind;
    /** The resource's plural as RBAC names it, e.g. {@code pods} or {@code endpoints}. */
    final String resource;
    private final Factory<T> factory;
    private final Runnable changed;
    private final String server;
    private final ResourceEventHandler<T> marker;

    private volatile SharedIndexInformer<T> informer;
    private volatile String namespace;
    private volatile Throwable lastError;
    private volatile Throwable fatal;
    private volatile boolean stopped;

    // builder thread only
    private String note;
    private boolean degrading;
    private int notWatchingTicks;
    /** The note is about a 403: the list is tried again at {@link #recheckAt}. */
    private boolean forbidden;
    private long recheckAt;
    private final long recheckNanos;
    /** The informer of a {@link #repair}, until it has listed or failed. */
    private volatile SharedIndexInformer<T> candidate;
    private volatile Throwable candidateError;
    private String candidateNamespace;
    private Retry candidateFor;
    /** Since when ({@link System#nanoTime()}) the watch has been down after a list; 0 while it is up. */
    private volatile long notWatchingSince;
    /** Fresh lists in a row that did not bring the watch back (builder thread). */
    private int stuckRepairs;

    /** How long a watch may stay down while the server answers before the resource is listed afresh. */
    private final long stuckNanos;

    private enum Retry { RBAC, STUCK }

    /**
     * @param factory         {@code null} when the server does not serve the resource at all
     * @param unservedNote    the sentence to report in that case
     * @param recheckNanos    how long after a 403 the list is tried again
     * @param stuckNanos      how long a watch may stay down while the server answers before a fresh list
     */
    Feed(ResourceKind kind, String resource, Factory<T> factory, Runnable changed, String server, String unservedNote,
         long recheckNanos, long stuckNanos) {
        this.kind = kind;
        this.recheckNanos = recheckNanos;
        this.stuckNanos = stuckNanos;
        this.resource = resource;
        this.factory = factory;
        this.changed = changed;
        this.server = server;
        this.note = factory == null ? unservedNote : null;
        this.marker = new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.run();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.run();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.run();
            }

            @Override
            public void onNothing() {
                changed.run();
            }
        };
    }

    /** Starts an informer for all namespaces ({@code null}) or one; does nothing once stopped. */
    synchronized void start(String ns) {
        if (stopped || factory == null) {
            return;
        }
        SharedIndexInformer<T> inf;
        try {
            inf = newInformer(ns, t -> onError(ns, t));
        } catch (RuntimeException e) {
            fatal = e;
            changed.run();
            return;
        }
        lastError = null;
        fatal = null;
        notWatchingTicks = 0;
        notWatchingSince = 0;
        namespace = ns;
        informer = inf;
        inf.start();
    }

    /** A new informer, not started, marking changes and asking {@code onError} whether to retry. */
    private SharedIndexInformer<T> newInformer(String ns, Predicate<Throwable> onError) {
        SharedIndexInformer<T> inf = factory.create(ns);
        // Opsdeck never looks items up by namespace; the index would cost a set entry per object
        inf.removeNamespaceIndex();
        inf.exceptionHandler((isStarted, t) -> onError.test(t));
        inf.addEventHandler(marker);
        return inf;
    }

    /** Stops the informer for good (idempotent). */
    synchronized void stop() {
        stopped = true;
        SharedIndexInformer<T> inf = informer;
        if (inf != null) {
            inf.stop();
        }
        SharedIndexInformer<T> c = candidate;
        if (c != null) {
            c.stop();
        }
    }

    /** Decides, on fabric8's thread, whether the informer retries after {@code t}. */
    private boolean onError(String ns, Throwable t) {
        if (stopped || !Objects.equals(ns, namespace)) {
            return false;
        }
        lastError = t;
        changed.run();
        if (KubeProblems.permanent(t)) {
            fatal = t;
            return false;
        }
        return true;
    }

    /**
     * Once per tick: counts how long the watch has been down since the first list (a watch only
     * starts after it, so a long first list is not a watch that is down); a watch that is up clears
     * the last error.
     */
    void observe() {
        SharedIndexInformer<T> inf = informer;
        if (inf == null) {
            return;
        }
        if (inf.isWatching()) {
            notWatchingTicks = 0;
            notWatchingSince = 0;
            stuckRepairs = 0;
            lastError = null;
        } else if (inf.hasSynced()) {
            notWatchingTicks++;
            if (notWatchingSince == 0) {
                notWatchingSince = System.nanoTime();
            }
        }
    }

    /**
     * Handles an informer that has stopped for good. A forbidden cluster-wide list of a namespaced
     * resource falls back to the context's namespace; anything else leaves the resource empty with
     * a sentence saying why.
     *
     * @return whether anything changed
     */
    boolean reconcile(String defaultNamespace) {
        Throwable f = fatal;
        SharedIndexInformer<T> inf = informer;
        if (inf == null) {
            return false;
        }
        if (f == null) {
            // stopped without our handler saying so (not expected of fabric8 7.x, but then it is not running)
            CompletableFuture<Void> done = inf.stopped().toCompletableFuture();
            if (stopped || !done.isDone()) {
                return false;
            }
            f = done.handle((v, t) -> t == null ? new IllegalStateException("the informer stopped") : t).join();
        }
        inf.stop();
        String where = namespace;
        int code = KubeProblems.httpCode(f);
        if (code == 403) {
            String reason = KubeProblems.forbiddenReason(f, resource, where);
            degrading = true;
            forbidden = true;
            recheckAt = System.nanoTime() + recheckNanos;
            if (where == null && kind.namespaced() && defaultNamespace != null && !defaultNamespace.isBlank()) {
                note = resource + ": showing namespace \"" + defaultNamespace + "\" only — " + reason;
                LOG.warn("{}", note);
                start(defaultNamespace);
                return true;
            }
            note = resource + ": forbidden — " + reason;
        } else if (code == 404 || code == 405) {
            degrading = false;
            forbidden = false;
            note = resource + ": not served by this API server (" + code + ")";
        } else {
            degrading = true;
            forbidden = false;
            note = resource + ": cannot be read — " + KubeProblems.describe(f, server);
        }
        LOG.warn("{}", note);
        synchronized (this) {
            informer = null;
            fatal = null;
        }
        return true;
    }

    /**
     * Once per tick, two repairs, each with a second informer started beside the one shown, so that
     * nothing disappears while it lists; once it has listed it takes over, and if it fails it is
     * dropped and tried again later:
     * <ul>
     *   <li>after a 403 (the whole list forbidden, or a forbidden cluster-wide list shown for the
     *       context's namespace only), the cluster-wide list is asked again every {@code recheckNanos},
     *       so access granted while Opsdeck runs shows without reopening the context;</li>
     *   <li>a watch that has not stayed up for {@code stuckNanos} while the API server answers
     *       others ({@code serverUp}) is listed and watched afresh: fabric8's informer only
     *       reconnects its watch (with a growing back-off) and relists on a 410, so a watch that is
     *       closed as soon as it opens, or a reconnect that stalls, would leave the data frozen.</li>
     * </ul>
     *
     * @param now      {@link System#nanoTime()}
     * @param serverUp some other informer of the same server is watching
     * @return whether the shown data changed
     */
    boolean repair(long now, boolean serverUp) {
        if (stopped || factory == null) {
            return false;
        }
        if (candidate != null) {
            return settleCandidate(now);
        }
        if (forbidden) {
            if (now - recheckAt >= 0) {
                startCandidate(null, Retry.RBAC, now);
            }
            return false;
        }
        long since = notWatchingSince;
        // each fresh list that does not bring the watch back doubles the wait, up to 16 times: a watch that
        // keeps failing then costs the server one list every few minutes, not one every half minute
        long wait = stuckNanos << Math.min(stuckRepairs, 4);
        if (serverUp && informer != null && fatal == null && since != 0 && now - since > wait) {
            LOG.info("{}: the watch has not stayed up for {} s although the API server answers; listing again",
                    resource, wait / 1_000_000_000L);
            stuckRepairs++;
            startCandidate(namespace, Retry.STUCK, now);
        }
        return false;
    }

    private void startCandidate(String ns, Retry why, long now) {
        SharedIndexInformer<T> c;
        try {
            AtomicReference<SharedIndexInformer<T>> mine = new AtomicReference<>();
            // before it takes over: a failed list drops it; a watch failing after its list is retried, as the
            // informer shown would, and the list still takes over
            c = newInformer(ns, t -> informer == mine.get() ? onError(ns, t)
                    : mine.get().hasSynced() && !KubeProblems.permanent(t) || candidateFailed(t));
            mine.set(c);
        } catch (RuntimeException e) {
            retryLater(why, now);
            return;
        }
        candidateError = null;
        candidateNamespace = ns;
        candidateFor = why;
        candidate = c;
        c.start();
    }

    private boolean settleCandidate(long now) {
        SharedIndexInformer<T> c = candidate;
        Throwable failed = candidateError;
        if (failed != null) {
            c.stop();
            candidate = null;
            retryLater(candidateFor, now);
            LOG.debug("{}: {} ({}); trying again later", resource,
                    candidateFor == Retry.RBAC ? "still forbidden" : "listing again failed", failed.getMessage());
            return false;
        }
        if (!c.hasSynced()) {
            return false;
        }
        SharedIndexInformer<T> old;
        synchronized (this) {
            if (stopped) {
                return false;
            }
            old = informer;
            informer = c;
            candidate = null;
            namespace = candidateNamespace;
            lastError = null;
            fatal = null;
            notWatchingTicks = 0;
            notWatchingSince = 0;
        }
        if (old != null) {
            old.stop();
        }
        if (candidateFor == Retry.RBAC) {
            LOG.info("{}: access granted meanwhile; listed again{}", resource, kind.namespaced() ? " in all namespaces" : "");
            note = null;
            degrading = false;
            forbidden = false;
        } else {
            LOG.info("{}: listed again; watching from the new list", resource);
        }
        return true;
    }

    private void retryLater(Retry why, long now) {
        if (why == Retry.RBAC) {
            recheckAt = now + recheckNanos;
        } else {
            notWatchingSince = now;
        }
    }

    private boolean candidateFailed(Throwable t) {
        candidateError = t;
        return false;
    }

    /** The informer's cached objects; empty when there is none. Never mutate them. */
    List<T> items() {
        SharedIndexInformer<T> inf = informer;
        return inf == null ? List.of() : inf.getStore().list();
    }

    SharedIndexInformer<T> informer() {
        return informer;
    }

    /** The namespace the informer is limited to; {@code null} for all namespaces (or cluster-scoped). */
    String namespace() {
        return namespace;
    }

    /** Has listed at least once. */
    boolean synced() {
        SharedIndexInformer<T> inf = informer;
        return inf != null && inf.hasSynced();
    }

    /** Its informer's watch is up. */
    boolean watching() {
        SharedIndexInformer<T> inf = informer;
        return inf != null && inf.isWatching();
    }

    /** Has an informer that has not failed for good. */
    boolean active() {
        return informer != null && fatal == null;
    }

    /** Still loading its first list, with no error so far. */
    boolean pending() {
        SharedIndexInformer<T> inf = informer;
        return inf != null && fatal == null && !inf.hasSynced() && lastError == null;
    }

    /** Not delivering: the first list keeps failing, or the watch has been down for more than {@code graceTicks}. */
    boolean failing(int graceTicks) {
        SharedIndexInformer<T> inf = informer;
        if (inf == null || fatal != null) {
            return false;
        }
        return inf.hasSynced() ? notWatchingTicks > graceTicks : lastError != null;
    }

    /** Why it is failing, as a sentence. */
    String problem() {
        Throwable e = lastError;
        return resource + ": " + (e != null ? KubeProblems.describe(e, server) + "; retrying" : "watch interrupted; reconnecting");
    }

    /** Set once the resource is known to be (partly) unreadable: forbidden, not served, or a namespace only. */
    String note() {
        return note;
    }

    /** The note means data the user could see is missing (as opposed to an API the server does not have). */
    boolean degrading() {
        return degrading && note != null;
    }

    /** The sentence for {@code unavailable()}, or {@code null} when the resource is fully readable. */
    String unavailable() {
        if (note != null) {
            return note;
        }
        SharedIndexInformer<T> inf = informer;
        Throwable e = lastError;
        if (inf != null && e != null && !inf.hasSynced()) {
            return resource + ": not listed yet — " + KubeProblems.describe(e, server) + "; retrying";
        }
        return null;
    }
}
