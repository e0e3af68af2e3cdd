package io.opsdeck.services.k8s;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.opsdeck.services.model.ReadScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One informer and what is known about it: whether it has listed, whether its watch is up, its
 * last error, and, once it has failed for good, a sentence for {@code ClusterSnapshot.unavailable()}.
 *
 * <p>What it reads is chosen by permission as well as by API version: a feed has one or more
 * {@link Source}s in order of preference (EndpointSlices, then v1 Endpoints) and walks down
 * <em>levels</em> when the API server refuses a list (403): every source cluster-wide, then, for a
 * namespaced resource, every source in the context's namespace; below the last level nothing is
 * read and {@link #scope} says why. Refused levels are asked again every {@code recheckNanos}, so
 * access granted later is picked up; a watch that keeps failing after its list and whose fresh list
 * is then refused (a RoleBinding removed) steps down the same way.
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

    /**
     * One way to read the kind.
     *
     * @param resource the resource's plural as RBAC names it, e.g. {@code pods} or {@code endpointslices}
     */
    record Source<T extends HasMetadata>(String resource, Factory<T> factory) {
    }

    final ResourceKind kind;
    /** In order of preference; empty when the server does not serve the kind at all. */
    private final List<Source<T>> sources;
    /** The resources' names, for notes: e.g. {@code endpointslices} or {@code endpointslices or endpoints}. */
    private final String unservedName;
    private final Runnable changed;
    private final String server;
    private final ResourceEventHandler<T> marker;

    private volatile SharedIndexInformer<T> informer;
    private volatile String namespace;
    /** The level the informer reads at (or, without an informer, the last level tried). */
    private volatile int level;
    /** The context's namespace, the namespaced levels' (builder thread; set by {@link #reconcile}). */
    private String defaultNamespace;
    /** Per level: the API server's refusal of the last try there, or {@code null}. */
    private final String[] refusals;
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
    private int candidateLevel;
    private Retry candidateFor;
    /** Since when ({@link System#nanoTime()}) the watch has been down after a list; 0 while it is up. */
    private volatile long notWatchingSince;
    /** Fresh lists in a row that did not bring the watch back (builder thread). */
    private int stuckRepairs;

    /** How long a watch may stay down while the server answers before the resource is listed afresh. */
    private final long stuckNanos;

    private enum Retry { RBAC, STUCK }

    /**
     * @param sources         the ways to read the kind, best first; empty when the server does not serve it at all
     * @param unservedName    the resource's name for notes when {@code sources} is empty
     * @param unservedNote    the sentence to report in that case
     * @param recheckNanos    how long after a 403 the list is tried again
     * @param stuckNanos      how long a watch may stay down while the server answers before a fresh list
     */
    Feed(ResourceKind kind, List<Source<T>> sources, String unservedName, Runnable changed, String server,
         String unservedNote, long recheckNanos, long stuckNanos) {
        this.kind = kind;
        this.recheckNanos = recheckNanos;
        this.stuckNanos = stuckNanos;
        this.sources = List.copyOf(sources);
        this.unservedName = unservedName;
        this.refusals = new String[Math.max(1, this.sources.size()) * 2];
        this.changed = changed;
        this.server = server;
        this.note = this.sources.isEmpty() ? unservedNote : null;
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

    /** Starts the informer of the best source, for all namespaces; does nothing once stopped. */
    void start() {
        startLevel(0);
    }

    /** Starts an informer at {@code lvl}; does nothing once stopped. */
    private synchronized void startLevel(int lvl) {
        if (stopped || sources.isEmpty()) {
            return;
        }
        SharedIndexInformer<T> inf;
        try {
            inf = newInformer(lvl, t -> onError(lvl, t));
        } catch (RuntimeException e) {
            fatal = e;
            changed.run();
            return;
        }
        lastError = null;
        fatal = null;
        notWatchingTicks = 0;
        notWatchingSince = 0;
        level = lvl;
        namespace = namespaceAt(lvl);
        informer = inf;
        inf.start();
    }

    private int levels() {
        int n = sources.size();
        return kind.namespaced() && defaultNamespace != null ? 2 * n : n;
    }

    private Source<T> sourceAt(int lvl) {
        return sources.get(lvl % sources.size());
    }

    private String namespaceAt(int lvl) {
        return lvl < sources.size() ? null : defaultNamespace;
    }

    /** The resource read now (or last tried), as RBAC names it. */
    String resource() {
        return sources.isEmpty() ? unservedName : sourceAt(level).resource();
    }

    /** A new informer, not started, marking changes and asking {@code onError} whether to retry. */
    private SharedIndexInformer<T> newInformer(int lvl, Predicate<Throwable> onError) {
        SharedIndexInformer<T> inf = sourceAt(lvl).factory().create(namespaceAt(lvl));
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
    private boolean onError(int lvl, Throwable t) {
        if (stopped || lvl != level) {
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
     * Handles an informer that has stopped for good. A refused list (403) steps down to the next
     * level: the next source, or the context's namespace for a namespaced resource; anything else, or
     * a refusal at the last level, leaves the resource empty with a sentence saying why.
     *
     * @param defaultNamespace the context's namespace, {@code null} or blank for none
     * @return whether anything changed
     */
    boolean reconcile(String defaultNamespace) {
        this.defaultNamespace = defaultNamespace == null || defaultNamespace.isBlank() ? null : defaultNamespace;
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
        int code = KubeProblems.httpCode(f);
        if (code == 403) {
            int lvl = level;
            refusals[lvl] = KubeProblems.forbiddenReason(f, resource(), namespace);
            forbidden = true;
            recheckAt = System.nanoTime() + recheckNanos;
            if (lvl + 1 < levels()) {
                startLevel(lvl + 1);
                describeLevel(level);
                LOG.warn("{}", note);
                return true;
            }
            degrading = true;
            note = refusedNames(0, levels()) + ": forbidden — " + refusedReasons(0, levels());
        } else if (code == 404 || code == 405) {
            degrading = false;
            forbidden = false;
            note = resource() + ": not served by this API server (" + code + ")";
        } else {
            degrading = true;
            forbidden = false;
            note = resource() + ": cannot be read — " + KubeProblems.describe(f, server);
        }
        LOG.warn("{}", note);
        synchronized (this) {
            informer = null;
            fatal = null;
        }
        return true;
    }

    /** Sets the note (and whether data is missing) for reading at {@code lvl} after the levels above it were refused. */
    private void describeLevel(int lvl) {
        int n = sources.size();
        if (lvl == 0) {
            note = null;
            degrading = false;
        } else if (lvl < n) {
            // another source in every namespace: nothing the user could see is missing
            degrading = false;
            note = refusedNames(0, lvl) + ": forbidden — " + refusedReasons(0, lvl) + "; reading "
                    + sourceAt(lvl).resource() + " instead";
        } else {
            degrading = true;
            note = refusedNames(0, n) + ": showing namespace \"" + defaultNamespace + "\" only — "
                    + refusedReasons(0, n) + (lvl > n ? "; reading " + sourceAt(lvl).resource() + " there" : "");
        }
    }

    /** The sources' names of levels {@code from} to {@code to} (exclusive), once each: "endpointslices and endpoints". */
    private String refusedNames(int from, int to) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = from; i < to; i++) {
            names.add(sourceAt(i).resource());
        }
        return String.join(" and ", names);
    }

    private String refusedReasons(int from, int to) {
        Set<String> reasons = new LinkedHashSet<>();
        for (int i = from; i < to; i++) {
            if (refusals[i] != null) {
                reasons.add(refusals[i]);
            }
        }
        return String.join("; ", reasons);
    }

    /**
     * Once per tick, two repairs, each with a second informer started beside the one shown, so that
     * nothing disappears while it lists; once it has listed it takes over, and if it fails it is
     * dropped and tried again later:
     * <ul>
     *   <li>after a 403 (the whole list forbidden, or read at a lower level: another source, or the
     *       context's namespace only), the levels above are asked again, best first, every
     *       {@code recheckNanos}, so access granted while Opsdeck runs shows without reopening the context;</li>
     *   <li>a watch that has not stayed up for {@code stuckNanos} while the API server answers
     *       others ({@code serverUp}) is listed and watched afresh: fabric8's informer only
     *       reconnects its watch (with a growing back-off) and relists on a 410, so a watch that is
     *       closed as soon as it opens, or a reconnect that stalls, would leave the data frozen. When
     *       that fresh list is refused (403: access was taken away; fabric8 retries refused watch
     *       reconnects for ever), the data shown is dropped and the feed steps down a level.</li>
     * </ul>
     *
     * @param now      {@link System#nanoTime()}
     * @param serverUp some other informer of the same server is watching
     * @return whether the shown data changed
     */
    boolean repair(long now, boolean serverUp) {
        if (stopped || sources.isEmpty()) {
            return false;
        }
        if (candidate != null) {
            return settleCandidate(now);
        }
        if (forbidden) {
            if (now - recheckAt >= 0) {
                startCandidate(0, Retry.RBAC, now);
            }
            return false;
        }
        long since = notWatchingSince;
        // each fresh list that does not bring the watch back doubles the wait, up to 16 times: a watch that
        // keeps failing then costs the server one list every few minutes, not one every half minute
        long wait = stuckNanos << Math.min(stuckRepairs, 4);
        if (serverUp && informer != null && fatal == null && since != 0 && now - since > wait) {
            LOG.info("{}: the watch has not stayed up for {} s although the API server answers; listing again",
                    resource(), wait / 1_000_000_000L);
            stuckRepairs++;
            startCandidate(level, Retry.STUCK, now);
        }
        return false;
    }

    private void startCandidate(int lvl, Retry why, long now) {
        SharedIndexInformer<T> c;
        try {
            AtomicReference<SharedIndexInformer<T>> mine = new AtomicReference<>();
            // before it takes over: a failed list drops it; a watch failing after its list is retried, as the
            // informer shown would, and the list still takes over
            c = newInformer(lvl, t -> informer == mine.get() ? onError(lvl, t)
                    : mine.get().hasSynced() && !KubeProblems.permanent(t) || candidateFailed(t));
            mine.set(c);
        } catch (RuntimeException e) {
            retryLater(why, now);
            return;
        }
        candidateError = null;
        candidateLevel = lvl;
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
            boolean refused = KubeProblems.httpCode(failed) == 403;
            int lvl = candidateLevel;
            if (candidateFor == Retry.STUCK && refused && informer != null) {
                // the watch kept failing and now the list is refused too: access was taken away. What is
                // shown can no longer be vouched for; step down as a refused first list would
                LOG.info("{}: the fresh list was refused; access was taken away", sourceAt(lvl).resource());
                fatal = failed;
                return reconcile(defaultNamespace);
            }
            if (candidateFor == Retry.RBAC && refused) {
                refusals[lvl] = KubeProblems.forbiddenReason(failed, sourceAt(lvl).resource(), namespaceAt(lvl));
                int shown = informer != null ? level : levels();
                if (lvl + 1 < shown) {
                    // the next level above the one shown, at once
                    startCandidate(lvl + 1, Retry.RBAC, now);
                    return false;
                }
            }
            retryLater(candidateFor, now);
            LOG.debug("{}: {} ({}); trying again later", sourceAt(lvl).resource(),
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
            level = candidateLevel;
            namespace = namespaceAt(candidateLevel);
            lastError = null;
            fatal = null;
            notWatchingTicks = 0;
            notWatchingSince = 0;
        }
        if (old != null) {
            old.stop();
        }
        if (candidateFor == Retry.RBAC) {
            refusals[level] = null;
            LOG.info("{}: access granted meanwhile; listed again{}", resource(),
                    namespace != null ? " in namespace " + namespace : kind.namespaced() ? " in all namespaces" : "");
            describeLevel(level);
            forbidden = level != 0;
            if (forbidden) {
                recheckAt = now + recheckNanos;
            }
        } else {
            LOG.info("{}: listed again; watching from the new list", resource());
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

    /** Its first list keeps failing (what {@link #failing} says, leaving the watch out: for a headless command). */
    boolean listFailing() {
        SharedIndexInformer<T> inf = informer;
        return inf != null && fatal == null && !inf.hasSynced() && lastError != null;
    }

    /** Why it is failing, as a sentence. */
    String problem() {
        Throwable e = lastError;
        return resource() + ": " + (e != null ? KubeProblems.describe(e, server) + "; retrying" : "watch interrupted; reconnecting");
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
            return resource() + ": not listed yet — " + KubeProblems.describe(e, server) + "; retrying";
        }
        return null;
    }

    /**
     * Where the kind could be read: every namespace once listed cluster-wide; the context's namespace
     * when only that could be listed; none while it is refused, failing or not listed yet, with why.
     */
    ReadScope scope() {
        String what = sources.isEmpty() ? unservedName
                : String.join(" or ", sources.stream().map(Source::resource).distinct().toList());
        SharedIndexInformer<T> inf = informer;
        String ns = namespace;
        if (inf != null && inf.hasSynced()) {
            return ns == null ? ReadScope.EVERYWHERE : ReadScope.only(Set.of(ns), what, true, note);
        }
        boolean refused = inf == null && forbidden;
        String why = unavailable();
        return ReadScope.only(Set.of(), what, refused, why != null ? why
                : inf == null ? what + ": not read" : resource() + ": not listed yet");
    }
}
