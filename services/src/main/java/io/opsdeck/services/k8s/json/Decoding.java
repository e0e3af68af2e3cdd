package io.opsdeck.services.k8s.json;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the decoders of one stream share so that the many objects of a big list share their
 * repeated values: strings, label sets (recognised by their raw bytes, so the replicas of a
 * workload decode their labels once), and small immutable lists. Bounded; confined to the thread
 * decoding the stream.
 */
public final class Decoding {
    private static final int MAX_LISTS = 1 << 14;

    public final StringTable strings = new StringTable(1 << 15);
    public final ByteTable<Map<String, String>> labelSets = new ByteTable<>(1 << 12);
    private Map<List<?>, List<?>> lists = new HashMap<>();

    /** The shared instance of an immutable list equal to {@code list}. */
    @SuppressWarnings("unchecked")
    public <E> List<E> share(List<E> list) {
        if (list.isEmpty()) {
            return List.of();
        }
        List<?> prior = lists.putIfAbsent(list, list);
        if (prior == null && lists.size() > MAX_LISTS) {
            lists = new HashMap<>();
        }
        return prior == null ? list : (List<E>) prior;
    }
}
