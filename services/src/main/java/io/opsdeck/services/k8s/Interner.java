package io.opsdeck.services.k8s;

import java.util.HashMap;
import java.util.Map;

/**
 * Hands out one shared instance per distinct value (label maps, image lists, owner refs), so that
 * 30,000 pods of a few hundred workloads hold a few hundred maps, not 30,000. Confined to the
 * builder thread. Forgets everything when it grows past twice what is in use, so values that are
 * gone from the cluster do not pile up.
 */
final class Interner<T> {
    private Map<T, T> seen = new HashMap<>();

    T intern(T value) {
        T prior = seen.putIfAbsent(value, value);
        return prior == null ? value : prior;
    }

    /** Called after a build that used about {@code inUse} distinct values. */
    void trim(int inUse) {
        if (seen.size() > 2 * inUse + 1024) {
            seen = new HashMap<>();
        }
    }

    int size() {
        return seen.size();
    }
}
