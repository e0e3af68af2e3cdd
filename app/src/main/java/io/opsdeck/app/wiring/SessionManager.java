package io.opsdeck.app.wiring;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.model.Overview;
import io.opsdeck.views.common.FxPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Owns the console's current {@link Session} and replaces it when the user switches context or
 * Prometheus. Sessions are opened and closed on a lifecycle thread, never the FX thread; each one is
 * tagged with a generation so that a late overview of a closed session is dropped, not shown. Each
 * session makes its threads in a child of the window's {@link Workers} and stops them when it closes.
 */
final class SessionManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionManager.class);

    /** What the window hears about sessions; called on the FX thread. */
    interface Listener {
        void opened(Session session);

        void overview(Overview overview);

        void failed(String message);
    }

    private final Workers workers;
    private final ExecutorService lifecycle;
    private final Clock clock;
    private final Listener listener;
    private final Consumer<Runnable> fxThread;
    private final AtomicLong generation = new AtomicLong();
    private final CompletableFuture<?> startWhenAllowed;
    private Session current;

    /**
     * @param workers  the window's: the manager's lifecycle thread and each session's threads are made there
     * @param fxThread how the listener's calls reach the FX thread (every one of them goes this way)
     */
    SessionManager(Workers workers, Clock clock, Listener listener, Consumer<Runnable> fxThread) {
        this(workers, clock, listener, fxThread, CompletableFuture.completedFuture(null));
    }

    /**
     * @param startWhenAllowed a session is opened at once (kubeconfig read, client made) and its monitor started
     *                         (the LISTs asked for), but what costs CPU (decoding the LISTs) waits for this
     */
    SessionManager(Workers workers, Clock clock, Listener listener, Consumer<Runnable> fxThread,
                   CompletableFuture<?> startWhenAllowed) {
        this.startWhenAllowed = startWhenAllowed;
        this.workers = workers;
        this.lifecycle = workers.scheduler("session");
        this.clock = clock;
        this.listener = listener;
        this.fxThread = fxThread;
    }

    /** Closes the current session, if any, and opens one for {@code request}. Returns at once. */
    void open(SourceRequest request) {
        long gen = generation.incrementAndGet();
        lifecycle.execute(() -> {
            closeCurrent();
            if (gen != generation.get()) {
                return;
            }
            Session session;
            try {
                session = new Session(request, workers.child(), clock);
            } catch (RuntimeException e) {
                LOG.error("Could not open {}", request, e);
                fxThread.accept(() -> listener.failed(e.getMessage() == null ? e.toString() : e.getMessage()));
                return;
            }
            current = session;
            session.monitor().addListener(new FxPublisher<Overview>(fxThread, o -> {
                if (gen == generation.get()) {
                    listener.overview(o);
                }
            }));
            fxThread.accept(() -> {
                if (gen == generation.get()) {
                    listener.opened(session);
                }
            });
            // the cluster's lists are asked for now and received while the window is made; decoding them (and
            // whatever else costs CPU) waits for startWhenAllowed, and a source that cannot split its start
            // starts then, on the lifecycle thread
            session.monitor().start(startWhenAllowed.thenRunAsync(() -> {
                if (current != session) {
                    throw new CancellationException("the session was replaced before the window was up");
                }
            }, lifecycle));
        });
    }

    void refreshNow() {
        lifecycle.execute(() -> {
            if (current != null) {
                current.monitor().refreshNow();
            }
        });
    }

    private void closeCurrent() {
        if (current != null) {
            long t0 = System.nanoTime();
            current.close();
            LOG.info("Closed the session for {} in {} ms", current.context(),
                    (System.nanoTime() - t0) / 1_000_000);
            current = null;
        }
    }

    /** Closes the current session and waits for it (at most a few seconds). */
    @Override
    public void close() {
        generation.incrementAndGet();
        lifecycle.execute(this::closeCurrent);
        lifecycle.shutdown();
        try {
            if (!lifecycle.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("The session did not close within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
