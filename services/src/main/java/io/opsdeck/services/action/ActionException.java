package io.opsdeck.services.action;

/** An action that could not be planned or run, with a sentence that says what to do. */
public class ActionException extends Exception {
    /** What went wrong, as the command line's exit codes and the {@code result} key group it. */
    public enum Kind {
        /** no such object, bad value: exit 2 */
        BAD_REQUEST(2, ActionResult.FAILED),
        /** the cluster or cache cannot be reached: exit 3 */
        UNREACHABLE(3, ActionResult.FAILED),
        /** RBAC or the server refused: exit 4 */
        FORBIDDEN(4, ActionResult.FORBIDDEN),
        /** the object changed meanwhile (409): exit 6 */
        CONFLICT(6, ActionResult.FAILED),
        /** anything else: exit 6 */
        FAILED(6, ActionResult.FAILED);

        private final int exitCode;
        private final ActionResult result;

        Kind(int exitCode, ActionResult result) {
            this.exitCode = exitCode;
            this.result = result;
        }

        public int exitCode() {
            return exitCode;
        }

        public ActionResult result() {
            return result;
        }
    }

    private final Kind kind;

    public ActionException(Kind kind, String sentence) {
        this(kind, sentence, null);
    }

    public ActionException(Kind kind, String sentence, Throwable cause) {
        super(sentence, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
