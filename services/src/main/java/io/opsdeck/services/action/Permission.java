package io.opsdeck.services.action;

/**
 * One access an action needs, exactly as it will be sent: the verb, the API group, the resource and
 * subresource, and where. Asked with a SelfSubjectAccessReview before the action is offered.
 *
 * @param group       API group, empty for the core group
 * @param subresource e.g. {@code scale}, {@code eviction}; empty for none
 * @param namespace   empty for cluster-scoped resources
 * @param name        empty for any object
 */
public record Permission(String verb, String group, String resource, String subresource, String namespace, String name) {
    public Permission {
        group = group == null ? "" : group;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    public static Permission namespaced(String verb, String group, String resource, String subresource, String namespace) {
        return new Permission(verb, group, resource, subresource, namespace, "");
    }

    public static Permission cluster(String verb, String group, String resource) {
        return new Permission(verb, group, resource, "", "", "");
    }

    /** "update on deployments/scale (apps) in namespace shop", the words a refusal uses. */
    public String describe() {
        String what = resource + (subresource.isEmpty() ? "" : "/" + subresource);
        return verb + " on " + what + (group.isEmpty() ? "" : " (" + group + ")")
                + (namespace.isEmpty() ? "" : " in namespace " + namespace);
    }
}
