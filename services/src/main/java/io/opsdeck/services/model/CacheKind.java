package io.opsdeck.services.model;

public enum CacheKind {
    REDIS("redis"), MEMCACHED("memcached");

    private final String id;

    CacheKind(String id) {
        this.id = id;
    }

    /** Lower-case name used in reports and settings. */
    public String id() {
        return id;
    }
}
