package io.opsdeck.services.k8s;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where the streaming informers' LIST answers are decoded, held shut until the caller allows the heavy
 * work. The console opens its context while JavaFX starts: the pod LIST is asked for at once and its bytes
 * are received (cheap: socket reads and copies) while the window is built, but decoding 100+ MB of JSON
 * beside the toolkit's start on two cores pushed the first frame back by a second (issue #16, measured),
 * so it waits for the first frame. The bytes received meanwhile wait in the page's queue, up to
 * {@link #HELD_QUEUE_BYTES}; then the transfer is held back as usual.
 *
 * <p>Decoding tasks given before the gate opens go to the decoders once it opens (whether the stage it
 * waits for completes normally or not: a source closed meanwhile has shut its decoders, and the tasks are
 * dropped). Each page has at most one decoding task outstanding, so their order does not matter.
 */
final class DecodeGate implements Executor {
    /**
     * How much of one LIST may wait undecoded while the gate is shut (and, for a LIST begun then, until it
     * ends, so that the backlog drains while the rest keeps coming): 1.4 s of a first frame at 50–100 MB/s.
     */
    static final int HELD_QUEUE_BYTES = 128 << 20;

    private final Executor decoders;
    private final CompletableFuture<?> open;

    private DecodeGate(Executor decoders, CompletableFuture<?> open) {
        this.decoders = Objects.requireNonNull(decoders);
        this.open = open;
    }

    /** Decoding on {@code decoders} at once. */
    static DecodeGate open(Executor decoders) {
        return new DecodeGate(decoders, CompletableFuture.completedFuture(null));
    }

    /** Decoding on {@code decoders} once {@code allowed} completes (normally or not). */
    static DecodeGate after(Executor decoders, CompletionStage<?> allowed) {
        return new DecodeGate(decoders, allowed.toCompletableFuture());
    }

    private boolean isOpen() {
        return open.isDone();
    }

    /** How much of a LIST that starts now may wait to be decoded before its transfer is held back. */
    int maxQueuedBytes(int whenOpen) {
        return isOpen() ? whenOpen : Math.max(whenOpen, HELD_QUEUE_BYTES);
    }

    /**
     * Runs {@code task} on the decoders, now or once the gate opens.
     *
     * @throws RejectedExecutionException when the gate is open and the decoders are shut down
     */
    @Override
    public void execute(Runnable task) {
        if (isOpen()) {
            decoders.execute(task);
            return;
        }
        open.whenComplete((r, t) -> {
            try {
                decoders.execute(task);
            } catch (RejectedExecutionException e) {
                // the source was closed while the gate was shut: nothing is left to decode for
            }
        });
    }
}
