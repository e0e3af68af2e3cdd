package io.opsdeck.services.action;

import io.opsdeck.services.model.CacheKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an action written as the command line writes it ({@code scale shop/deployment/web --replicas 3},
 * {@code cordon node-3}): the undo kept in the audit trail, and {@code snapshot --action}.
 */
public final class ActionRequests {
    private ActionRequests() {
    }

    /** @throws IllegalArgumentException with a sentence when the text is not an action Opsdeck knows */
    public static ActionRequest parse(String commandLine) {
        List<String> words = new ArrayList<>(List.of(commandLine.trim().split("\\s+")));
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new IllegalArgumentException("No action given: write e.g. 'scale shop/deployment/checkout --replicas 5'");
        }
        String verb = words.remove(0);
        return switch (verb) {
            case "scale" -> scale(words);
            case "cordon", "uncordon" -> {
                if (words.size() != 1) {
                    throw new IllegalArgumentException("Write '" + verb + " NODE'");
                }
                yield new CordonRequest(words.get(0), verb.equals("cordon"));
            }
            case "drain" -> drain(words);
            case "delete-pod" -> deletePod(words);
            case "flush" -> flush(words);
            default -> throw new IllegalArgumentException("Unknown action '" + verb
                    + "': Opsdeck knows scale, cordon, uncordon, drain, delete-pod, flush");
        };
    }

    private static ActionRequest scale(List<String> words) {
        String target = null;
        Integer replicas = null;
        Duration wait = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--replicas")) {
                String v = w.contains("=") ? w.substring(w.indexOf('=') + 1) : (i + 1 < words.size() ? words.get(++i) : "");
                try {
                    replicas = Integer.parseInt(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("Invalid --replicas '" + v + "': it must be a whole number, 0 or more");
                }
            } else if (w.startsWith("--wait")) {
                wait = w.contains("=") ? Durations.parse(w.substring(w.indexOf('=') + 1)) : Duration.ofMinutes(5);
            } else if (target == null && !w.startsWith("--")) {
                target = w;
            } else {
                throw new IllegalArgumentException("Unexpected '" + w + "' in the scale action");
            }
        }
        if (target == null || replicas == null) {
            throw new IllegalArgumentException("Write 'scale NAMESPACE/KIND/NAME --replicas N'");
        }
        return new ScaleRequest(WorkloadRef.parse(target), replicas, wait);
    }

    /** {@code drain NODE [--timeout D] [--grace-period S] [--delete-emptydir-data] [--force]} */
    private static ActionRequest drain(List<String> words) {
        String node = null;
        Duration timeout = DrainOptions.DEFAULT_TIMEOUT;
        long grace = -1;
        boolean emptyDir = false;
        boolean force = false;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String flag = w.contains("=") ? w.substring(0, w.indexOf('=')) : w;
            switch (flag) {
                case "--timeout" -> {
                    timeout = Durations.parse(value(words, i, w));
                    i += w.contains("=") ? 0 : 1;
                }
                case "--grace-period" -> {
                    String v = value(words, i, w);
                    i += w.contains("=") ? 0 : 1;
                    try {
                        grace = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Invalid --grace-period '" + v + "': give whole seconds, 0 or more");
                    }
                    if (grace < 0) {
                        throw new IllegalArgumentException("Invalid --grace-period " + grace
                                + ": give whole seconds, 0 or more (leave it out for each pod's own)");
                    }
                }
                case "--delete-emptydir-data" -> emptyDir = true;
                case "--force" -> force = true;
                default -> {
                    if (node != null || w.startsWith("-")) {
                        throw new IllegalArgumentException("Unexpected '" + w + "' in the drain action: write 'drain NODE"
                                + " [--timeout D] [--grace-period S] [--delete-emptydir-data] [--force]'");
                    }
                    node = w;
                }
            }
        }
        if (node == null) {
            throw new IllegalArgumentException("Write 'drain NODE'");
        }
        return new DrainRequest(node, new DrainOptions(timeout, grace, emptyDir, force));
    }

    /** {@code delete-pod NAMESPACE/NAME [--bypassing NAMESPACE/PDB]}: the escalation past a budget. */
    private static ActionRequest deletePod(List<String> words) {
        if (words.isEmpty() || !words.get(0).contains("/")) {
            throw new IllegalArgumentException("Write 'delete-pod NAMESPACE/NAME'");
        }
        String[] ref = words.get(0).split("/", 2);
        String pdb = words.size() == 3 && words.get(1).equals("--bypassing") ? words.get(2) : "";
        if (words.size() != 1 && pdb.isEmpty()) {
            throw new IllegalArgumentException("Write 'delete-pod NAMESPACE/NAME [--bypassing NAMESPACE/PDB]'");
        }
        return new DeletePodRequest(ref[0], ref[1], pdb);
    }

    private static String value(List<String> words, int i, String w) {
        if (w.contains("=")) {
            return w.substring(w.indexOf('=') + 1);
        }
        if (i + 1 >= words.size()) {
            throw new IllegalArgumentException("Give a value after " + w);
        }
        return words.get(i + 1);
    }

    private static ActionRequest flush(List<String> words) {
        String target = null;
        CacheKind kind = null;
        Integer db = null;
        boolean all = false;
        int delay = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            int eq = w.indexOf('=');
            String flag = w.startsWith("--") && eq > 0 ? w.substring(0, eq) : w;
            boolean takesValue = flag.equals("--kind") || flag.equals("--db") || flag.equals("--delay");
            String v = !takesValue ? null : eq > 0 ? w.substring(eq + 1) : i + 1 < words.size() ? words.get(++i) : null;
            if (takesValue && v == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (flag.equals("--kind")) {
                kind = kind(v);
            } else if (flag.equals("--db")) {
                db = number(v, "--db", "a Redis database number, 0 or more");
            } else if (flag.equals("--delay")) {
                delay = number(v, "--delay", "seconds, 0 or more");
            } else if (w.equals("--all")) {
                all = true;
            } else if (target == null && !w.startsWith("--")) {
                target = w;
            } else {
                throw new IllegalArgumentException("Unexpected '" + w + "' in the flush action");
            }
        }
        if (target == null) {
            throw new IllegalArgumentException("Write 'flush NAMESPACE/POD', 'flush NAMESPACE/CLUSTER', 'flush NAME' (an external"
                    + " cache) or 'flush HOST:PORT'");
        }
        if (all && db != null) {
            throw new IllegalArgumentException("--db " + db + " and --all contradict each other: --db flushes one Redis"
                    + " database, --all (the default) every one");
        }
        return new FlushRequest(target, kind, db, delay);
    }

    private static CacheKind kind(String v) {
        for (CacheKind k : CacheKind.values()) {
            if (k.id().equalsIgnoreCase(v)) {
                return k;
            }
        }
        throw new IllegalArgumentException("Invalid --kind '" + v + "': write redis or memcached");
    }

    private static int number(String v, String flag, String what) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException("Invalid " + flag + " '" + v + "': it must be " + what);
    }
}
