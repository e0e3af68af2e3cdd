package io.opsdeck.services.action;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server's answer to one eviction.
 *
 * @param code    the HTTP status (201 accepted; 429 a budget in the way; 404 gone; …)
 * @param message the server's message, or Opsdeck's sentence
 * @param budget  the budget named by a 429's cause (its name, without namespace); empty when none
 * @param needs   how many healthy pods the budget needs; -1 when the cause does not say
 * @param has     how many it has now; -1 when the cause does not say
 */
public record Eviction(Kind kind, int code, String message, String budget, int needs, int has) {
    /** The cause the API server gives with a 429 (policy/v1 and v1beta1 alike, since 1.7). */
    private static final Pattern CAUSE = Pattern.compile(
            "The disruption budget (\\S+) needs (\\d+) healthy pods? and has (\\d+) currently");
    /** A 429 without a budget's cause (older servers give only this sentence). */
    private static final Pattern BUDGET_ONLY = Pattern.compile("disruption budget (\\S+?)[.:]? ");

    public enum Kind {
        /** the eviction was accepted: the pod terminates now */
        ACCEPTED,
        /** a budget refuses it now (429): retry */
        BUDGET,
        /** ask again later (429 without a budget, a terminating namespace) */
        RETRY,
        /** the pod is gone already (404), or a pod of that name with another UID is there now */
        GONE,
        /** anything else: the pod's eviction fails */
        FAILED
    }

    public Eviction {
        message = message == null ? "" : message;
        budget = budget == null ? "" : budget;
    }

    public static Eviction accepted(int code) {
        return new Eviction(Kind.ACCEPTED, code, "", "", -1, -1);
    }

    /**
     * A 429: the budget's cause when the server gave one ("The disruption budget db-pdb needs 2
     * healthy pods and has 2 currently"), else a plain retry.
     */
    public static Eviction tooManyRequests(String message, String cause) {
        String text = cause == null ? "" : cause;
        Matcher m = CAUSE.matcher(text);
        if (m.find() || (m = CAUSE.matcher(message == null ? "" : message)).find()) {
            return new Eviction(Kind.BUDGET, 429, message, m.group(1), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        }
        if (message != null && message.contains("disruption budget")) {
            Matcher b = BUDGET_ONLY.matcher(text + " ");
            return new Eviction(Kind.BUDGET, 429, message, b.find() ? b.group(1) : "", -1, -1);
        }
        return new Eviction(Kind.RETRY, 429, message, "", -1, -1);
    }

    /** What the pod's row says while a budget holds it: "shop/db-pdb needs 2 healthy, has 2: …". */
    public String waitingFor(String namespace) {
        String who = budget.isEmpty() ? "its disruption budget" : namespace + "/" + budget;
        if (needs < 0) {
            return who + " allows no disruption now: waiting for its pods to become Ready";
        }
        return who + " needs " + needs + " healthy, has " + has + ": waiting for "
                + (has <= needs ? "a replacement to become Ready" : "the budget's status to catch up");
    }
}
