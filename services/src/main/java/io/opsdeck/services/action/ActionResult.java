package io.opsdeck.services.action;

import java.util.Locale;

/** How an action ended; the {@code result} key of {@code --json} and of the audit trail. */
public enum ActionResult {
    DONE(0), PLANNED(0), FORBIDDEN(4), REFUSED(4), BLOCKED(5), TIMEOUT(5), FAILED(6), CANCELLED(5);

    private final int exitCode;

    ActionResult(int exitCode) {
        this.exitCode = exitCode;
    }

    /** The command line's exit code for this result (2 and 3 come from the error's kind instead). */
    public int exitCode() {
        return exitCode;
    }

    /** The JSON word: {@code done}, {@code timeout}, … */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean succeeded() {
        return this == DONE || this == PLANNED;
    }
}
