package io.opsdeck.services.k8s;

/** The collections a cluster snapshot is built from, one informer (feed) each. */
enum ResourceKind {
    NODES(false),
    NAMESPACES(false),
    PODS(true),
    DEPLOYMENTS(true),
    STATEFULSETS(true),
    DAEMONSETS(true),
    REPLICASETS(true),
    SERVICES(true),
    /** EndpointSlices, or core/v1 Endpoints on servers without them. */
    ENDPOINTS(true),
    PDBS(true),
    /** Warning events only. */
    EVENTS(true);

    private final boolean namespaced;

    ResourceKind(boolean namespaced) {
        this.namespaced = namespaced;
    }

    /** Namespaced kinds can fall back to the context's namespace when listing them cluster-wide is forbidden. */
    boolean namespaced() {
        return namespaced;
    }

    int bit() {
        return 1 << ordinal();
    }

    static final int ALL = (1 << values().length) - 1;
}
