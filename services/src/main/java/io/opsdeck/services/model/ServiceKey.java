package io.opsdeck.services.model;

public record ServiceKey(String namespace, String name) implements Comparable<ServiceKey> {
    @Override
    public int compareTo(ServiceKey o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
