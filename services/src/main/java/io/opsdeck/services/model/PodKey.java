package io.opsdeck.services.model;

/** namespace/name of a pod: how metrics are joined to the cluster. */
public record PodKey(String namespace, String name) implements Comparable<PodKey> {
    @Override
    public int compareTo(PodKey o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
