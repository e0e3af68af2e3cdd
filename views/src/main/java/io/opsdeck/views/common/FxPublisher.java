package io.opsdeck.views.common;

import javafx.application.Platform;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Carries values from background threads onto the FX thread: one {@code Platform.runLater} per
 * burst, and only the newest value is applied, so a slow frame never queues up stale snapshots.
 */
public final class FxPublisher<T> implements Consumer<T> {
    private final AtomicReference<T> latest = new AtomicReference<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<T> onFxThread;
    private final Consumer<Runnable> fxThread;

    public FxPublisher(Consumer<T> onFxThread) {
        this(Platform::runLater, onFxThread);
    }

    /**
     * @param fxThread how a task reaches the FX thread: {@code Platform::runLater}, or a queue that
     *                 holds tasks until the window exists (the console connects while JavaFX starts)
     */
    public FxPublisher(Consumer<Runnable> fxThread, Consumer<T> onFxThread) {
        this.fxThread = fxThread;
        this.onFxThread = onFxThread;
    }

    @Override
    public void accept(T value) {
        latest.set(value);
        if (scheduled.compareAndSet(false, true)) {
            fxThread.accept(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        T value = latest.getAndSet(null);
        if (value != null) {
            onFxThread.accept(value);
        }
    }
}
