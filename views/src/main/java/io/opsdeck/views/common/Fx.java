package io.opsdeck.views.common;

import javafx.application.Platform;

/** Small helpers for the FX thread rule: view models change only on the FX thread. */
public final class Fx {
    private Fx() {
    }

    /** Fails fast when called off the FX thread (STYLE.md: view-model setters assert the FX thread). */
    public static void assertFxThread() {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("must run on the FX application thread, not " + Thread.currentThread().getName());
        }
    }
}
