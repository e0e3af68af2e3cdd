package io.opsdeck.app.wiring;

import javafx.application.Platform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The way from background threads onto the FX thread while the window is still being made: the
 * console opens its session while JavaFX starts, so the session's first news (opened, failed, an
 * overview) can come before there is an FX thread or a window to show it in. Until {@link #open()}
 * tasks are held, in order; then they, and every later task, go to the FX thread. Thread-safe.
 */
final class FxHandoff implements Consumer<Runnable> {
    private final Consumer<Runnable> fxThread;
    private List<Runnable> held = new ArrayList<>();

    FxHandoff() {
        this(Platform::runLater);
    }

    /** @param fxThread where tasks go once open (tests hand a plain executor) */
    FxHandoff(Consumer<Runnable> fxThread) {
        this.fxThread = fxThread;
    }

    @Override
    public void accept(Runnable task) {
        synchronized (this) {
            if (held != null) {
                held.add(task);
                return;
            }
        }
        fxThread.accept(task);
    }

    /** From now on tasks go to the FX thread; the ones held go first, in the order they came. */
    void open() {
        List<Runnable> first;
        synchronized (this) {
            if (held == null) {
                return;
            }
            first = held;
            held = null;
            // posted under the lock, so that no later task can overtake the held ones
            first.forEach(fxThread);
        }
    }
}
