package io.opsdeck.services.cache;

import io.opsdeck.services.action.ActionException;

import java.util.Locale;

/** What a cache's refusal or failure of a flush means, in a sentence each; never a password. */
final class FlushErrors {
    private FlushErrors() {
    }

    /** A read's failure as an action's: the way there broken (3), a refused password (4), a bad reference (2). */
    static ActionException of(CacheReadException e) {
        ActionException.Kind kind = switch (e.kind()) {
            case CONNECTION, TIMEOUT -> ActionException.Kind.UNREACHABLE;
            case AUTH, TLS, PASSWORD_WITHHELD -> ActionException.Kind.FORBIDDEN;
            case PASSWORD_REF -> ActionException.Kind.BAD_REQUEST;
            case PROTOCOL -> ActionException.Kind.FAILED;
        };
        return new ActionException(kind, e.getMessage() + ".", e);
    }

    /** Redis answered the flush with an error: which, and what the user can do about it. */
    static ActionException redisRefusal(String at, String command, String message, String user) {
        String m = message == null ? "" : message;
        String verb = command.split(" ")[0];
        String sentence;
        if (m.startsWith("NOPERM")) {
            sentence = at + " refused " + command + " (NOPERM): the ACL user " + (user.isEmpty() ? "Opsdeck connects as"
                    : "'" + user + "'") + " may not run " + verb + " (it needs +" + verb.toLowerCase(Locale.ROOT)
                    + " or the @dangerous category); ask the cache's owners for that permission, or use a user who has it.";
        } else if (m.startsWith("ERR unknown command") || m.contains("unknown command")) {
            sentence = at + " does not know " + verb + ": the server renamed or disabled it with rename-command in its"
                    + " configuration, so Opsdeck cannot flush it. Its owners can flush it with the renamed command.";
        } else if (m.startsWith("READONLY")) {
            sentence = at + " is a read-only replica (READONLY): writes are refused there. Flush its primary instead.";
        } else if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS")) {
            sentence = at + " refused the password (" + m.split(" ")[0] + "); check the password reference for this"
                    + " cache in Settings and the value it points at.";
        } else {
            sentence = at + " answered " + command + " with an error: " + m + ".";
        }
        return new ActionException(ActionException.Kind.FORBIDDEN, sentence);
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
