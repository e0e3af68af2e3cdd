package io.opsdeck.services.k8s.config;

/**
 * One kubeconfig context as the context list shows it. Holds names and the server address only,
 * never credentials, so it is safe to log and to show.
 *
 * @param name      the context's name
 * @param cluster   the cluster it names ({@code null} when it names none)
 * @param user      the user it names ({@code null} when it names none)
 * @param namespace its namespace, or {@code "default"} when it sets none (what kubectl uses)
 * @param server    the API server URL of its cluster, or {@code null} when that cluster is not
 *                  defined in any of the kubeconfig files
 */
public record KubeContext(String name, String cluster, String user, String namespace, String server) {

    public static final String DEFAULT_NAMESPACE = "default";

    public KubeContext {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a context needs a name");
        }
        cluster = blankToNull(cluster);
        user = blankToNull(user);
        namespace = namespace == null || namespace.isBlank() ? DEFAULT_NAMESPACE : namespace;
        server = blankToNull(server);
    }

    /** The user's name for sentences: quoted, or a note that the context names none. */
    String userForSentence() {
        return user == null ? "(none: the context names no user)" : "'" + user + "'";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
