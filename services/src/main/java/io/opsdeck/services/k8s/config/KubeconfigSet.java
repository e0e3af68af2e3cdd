package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The kubeconfig as kubectl sees it: the file given with {@code --kubeconfig}; else every file
 * listed in {@code $KUBECONFIG}, merged; else {@code ~/.kube/config}.
 *
 * <p>Merging follows kubectl: the first file that defines a context, cluster or user of a given
 * name wins, the current context comes from the first file that sets one, and files listed in
 * {@code $KUBECONFIG} that do not exist are skipped. A file that exists but cannot be parsed stops
 * the load, as it does for kubectl, rather than silently changing which definition wins.
 *
 * <p>Immutable. Holds names and server addresses only; credentials are read again from the files
 * when a client is opened ({@link KubeClients}), so nothing secret is kept here.
 */
public final class KubeconfigSet {
    private static final Logger LOG = LoggerFactory.getLogger(KubeconfigSet.class);
    private static final Comparator<KubeContext> BY_NAME = Comparator
            .comparing(KubeContext::name, String.CASE_INSENSITIVE_ORDER)
            .thenComparing(KubeContext::name);
    private static final List<String> PROXY_VARIABLES = List.of(
            "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy");

    private final List<Path> files;
    private final List<KubeContext> contexts;
    private final Map<String, KubeContext> byName;
    private final String currentContext;
    private final List<String> problems;
    private final Map<String, String> proxyEnvironment;

    private KubeconfigSet(List<Path> files, List<KubeContext> contexts, String currentContext,
                          List<String> problems, Map<String, String> proxyEnvironment) {
        this.files = List.copyOf(files);
        this.contexts = List.copyOf(contexts);
        Map<String, KubeContext> index = new HashMap<>();
        for (KubeContext c : contexts) {
            index.put(c.name(), c);
        }
        this.byName = Map.copyOf(index);
        this.currentContext = currentContext;
        this.problems = List.copyOf(problems);
        this.proxyEnvironment = Map.copyOf(proxyEnvironment);
    }

    /** Loads with this process's environment and home directory. */
    public static KubeconfigSet load(Optional<Path> explicit) throws KubeconfigException {
        Map<String, String> env = System.getenv();
        String home = env.get("HOME");
        Path homeDir = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"));
        return load(explicit, env, homeDir);
    }

    /**
     * Loads the kubeconfig the way kubectl does.
     *
     * @param explicit the file given with {@code --kubeconfig}, if any; it must exist
     * @param env      the environment ({@code KUBECONFIG}, and the proxy variables)
     * @param home     the user's home directory, for {@code ~/.kube/config}
     * @throws KubeconfigException if the explicit file is missing, or a file cannot be read or parsed
     */
    public static KubeconfigSet load(Optional<Path> explicit, Map<String, String> env, Path home)
            throws KubeconfigException {
        List<String> problems = new ArrayList<>();
        List<Path> candidates = new ArrayList<>();
        boolean fromEnv = false;
        if (explicit.isPresent()) {
            Path file = explicit.get().toAbsolutePath().normalize();
            if (!Files.exists(file)) {
                throw new KubeconfigException("The kubeconfig " + file
                        + " does not exist; check --kubeconfig or $KUBECONFIG");
            }
            candidates.add(file);
        } else {
            String list = env.get("KUBECONFIG");
            if (list != null && !list.isBlank()) {
                fromEnv = true;
                Set<Path> seen = new LinkedHashSet<>();
                for (String entry : list.split(File.pathSeparator)) {
                    if (!entry.isBlank()) {
                        seen.add(Path.of(entry.strip()).toAbsolutePath().normalize());
                    }
                }
                candidates.addAll(seen);
            } else {
                candidates.add(home.resolve(".kube").resolve("config").toAbsolutePath().normalize());
            }
        }

        Merger merger = new Merger(problems);
        List<Path> loaded = new ArrayList<>();
        for (Path file : candidates) {
            if (!Files.exists(file)) {
                if (fromEnv) {
                    problems.add("The kubeconfig " + file + " listed in $KUBECONFIG does not exist; it was skipped");
                }
                LOG.debug("No kubeconfig at {}", file);
                continue;
            }
            Optional<Config> parsed = KubeconfigReader.read(file);
            loaded.add(file);
            if (parsed.isEmpty()) {
                problems.add("The kubeconfig " + file + " is empty");
                continue;
            }
            merger.add(file, parsed.get());
        }
        KubeconfigSet set = merger.build(loaded, proxyVariables(env));
        LOG.info("Loaded {} kubeconfig context(s) from {} file(s){}", set.contexts.size(), loaded.size(),
                problems.isEmpty() ? "" : " with " + problems.size() + " problem(s)");
        return set;
    }

    private static Map<String, String> proxyVariables(Map<String, String> env) {
        Map<String, String> proxies = new HashMap<>();
        for (String name : PROXY_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                proxies.put(name, value.strip());
            }
        }
        return proxies;
    }

    /** Every context, sorted by name (case-insensitively). */
    public List<KubeContext> contexts() {
        return contexts;
    }

    public Optional<KubeContext> context(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The current context, if a file sets one and it is defined. */
    public Optional<String> currentContext() {
        return Optional.ofNullable(currentContext);
    }

    /** The files that were read, in merge order (the first wins). */
    public List<Path> files() {
        return files;
    }

    /** Sentences about files skipped and entries that could not be used; empty when all is well. */
    public List<String> problems() {
        return problems;
    }

    /** No context at all: no kubeconfig found, or only empty ones (Opsdeck then offers its sandbox). */
    public boolean isEmpty() {
        return contexts.isEmpty();
    }

    /**
     * The proxy variables from the environment ({@code HTTPS_PROXY}, {@code NO_PROXY}, …), which
     * kubectl honours when a cluster sets no {@code proxy-url}. Values may hold proxy passwords.
     */
    Map<String, String> proxyEnvironment() {
        return proxyEnvironment;
    }

    @Override
    public String toString() {
        return "KubeconfigSet[files=" + files + ", contexts=" + contexts.size()
                + ", current=" + currentContext + ", problems=" + problems.size() + "]";
    }

    /** First definition of each name wins, file by file, as in kubectl. */
    private static final class Merger {
        private final List<String> problems;
        private final Map<String, NamedContext> contexts = new LinkedHashMap<>();
        private final Map<String, Path> contextFiles = new HashMap<>();
        private final Map<String, NamedCluster> clusters = new HashMap<>();
        private final Set<String> users = new LinkedHashSet<>();
        private String current;
        private Path currentFile;

        Merger(List<String> problems) {
            this.problems = problems;
        }

        void add(Path file, Config config) {
            if (current == null && config.getCurrentContext() != null && !config.getCurrentContext().isBlank()) {
                current = config.getCurrentContext();
                currentFile = file;
            }
            int unnamed = 0;
            int empty = 0;
            for (NamedContext c : nullSafe(config.getContexts())) {
                if (c == null || c.getName() == null || c.getName().isBlank()) {
                    unnamed++;
                } else if (c.getContext() == null) {
                    empty++;
                } else if (contexts.putIfAbsent(c.getName(), c) == null) {
                    contextFiles.put(c.getName(), file);
                }
            }
            for (NamedCluster c : nullSafe(config.getClusters())) {
                if (c == null || c.getName() == null || c.getName().isBlank()) {
                    unnamed++;
                } else if (c.getCluster() == null) {
                    empty++;
                } else {
                    clusters.putIfAbsent(c.getName(), c);
                }
            }
            for (NamedAuthInfo u : nullSafe(config.getUsers())) {
                if (u == null || u.getName() == null || u.getName().isBlank()) {
                    unnamed++;
                } else if (u.getUser() == null) {
                    empty++;
                } else {
                    users.add(u.getName());
                }
            }
            if (unnamed > 0) {
                problems.add("The kubeconfig " + file + " has " + unnamed
                        + " context, cluster or user entr" + (unnamed == 1 ? "y" : "ies")
                        + " without a name; " + (unnamed == 1 ? "it was" : "they were") + " skipped");
            }
            if (empty > 0) {
                problems.add("The kubeconfig " + file + " has " + empty
                        + " context, cluster or user entr" + (empty == 1 ? "y" : "ies")
                        + " with a name but no settings; " + (empty == 1 ? "it was" : "they were") + " skipped");
            }
        }

        KubeconfigSet build(List<Path> files, Map<String, String> proxies) {
            List<KubeContext> list = new ArrayList<>(contexts.size());
            for (NamedContext named : contexts.values()) {
                var c = named.getContext();
                NamedCluster cluster = c.getCluster() == null ? null : clusters.get(c.getCluster());
                String server = cluster == null ? null : cluster.getCluster().getServer();
                list.add(new KubeContext(named.getName(), c.getCluster(), c.getUser(), c.getNamespace(), server));
                Path file = contextFiles.get(named.getName());
                if (c.getCluster() == null || c.getCluster().isBlank()) {
                    problems.add("The context '" + named.getName() + "' in " + file
                            + " names no cluster; it cannot be used until it does");
                } else if (cluster == null) {
                    problems.add("The context '" + named.getName() + "' in " + file + " names the cluster '"
                            + c.getCluster() + "', which no kubeconfig file defines");
                } else if (server == null || server.isBlank()) {
                    problems.add("The cluster '" + c.getCluster() + "' of context '" + named.getName()
                            + "' has no server address");
                }
                if (c.getUser() != null && !c.getUser().isBlank() && !users.contains(c.getUser())) {
                    problems.add("The context '" + named.getName() + "' in " + file + " names the user '"
                            + c.getUser() + "', which no kubeconfig file defines");
                }
            }
            list.sort(BY_NAME);
            String currentName = current;
            if (current != null && !contexts.containsKey(current)) {
                problems.add("The current context '" + current + "' set in " + currentFile
                        + " is not defined in any kubeconfig file; pick another context");
                currentName = null;
            }
            return new KubeconfigSet(files, list, currentName, problems, proxies);
        }

        private static <T> List<T> nullSafe(List<T> list) {
            return list == null ? List.of() : list;
        }
    }
}
