package io.opsdeck.services.k8s.config;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Opens a fabric8 client for one kubeconfig context, on the OkHttp HTTP client.
 *
 * <p>The files of the {@link KubeconfigSet} are read again and merged by fabric8 itself
 * ({@link KubeConfigUtils#merge}), so tokens, client certificates, OIDC auth-providers,
 * {@code proxy-url}, {@code certificate-authority(-data)} and {@code insecure-skip-tls-verify}
 * behave as fabric8 implements them, and credentials that another tool refreshed in the file are
 * picked up. Opsdeck changes these things:
 * <ul>
 *   <li>exec credential plugins are run by {@link ExecCredentialPlugin} (when the client opens,
 *       and again when the token expires or is refused), so that a missing or failing plugin is
 *       reported as such instead of as a 401;</li>
 *   <li>nothing is taken from system properties or {@code KUBERNETES_*} variables (fabric8's
 *       auto-configuration), so that TLS verification is off only when the kubeconfig says
 *       {@code insecure-skip-tls-verify: true} — and then a warning is logged once;</li>
 *   <li>a cluster's {@code proxy-url} carries every request, as in kubectl (fabric8 7.5.2 ignores an
 *       {@code http://} proxy-url for an {@code https://} server), and the {@code HTTPS_PROXY}/
 *       {@code HTTP_PROXY}/{@code NO_PROXY} variables are honoured when the cluster sets none;</li>
 *   <li>a static {@code token} or {@code tokenFile} is kept for the life of the client, instead of
 *       fabric8 re-reading only the context's own file every minute;</li>
 *   <li>every answer is read within {@link KubeReadLimits} (size caps, read timeouts, watches that end),
 *       and watches go over HTTP only, where those caps apply.</li>
 * </ul>
 */
public final class KubeClients {
    private static final Logger LOG = LoggerFactory.getLogger(KubeClients.class);
    private static final Set<String> WARNED_INSECURE = ConcurrentHashMap.newKeySet();
    /** fabric8 re-establishes watches from this interval, backing off exponentially. */
    private static final int WATCH_RECONNECT_INTERVAL_MS = 1_000;
    /** Informers must keep trying for as long as Opsdeck shows the cluster. */
    private static final int WATCH_RECONNECT_UNLIMITED = -1;
    /**
     * fabric8's default of 10 retries (~20 s with back-off) would keep the first contact with an
     * unreachable cluster silent for too long; three short ones ride out a blip.
     */
    private static final int REQUEST_RETRIES = 3;
    private static final int REQUEST_RETRY_INTERVAL_MS = 250;

    private KubeClients() {
    }

    /** Opens {@code contextName} with {@link KubeClientOptions#defaults()}. */
    public static KubeConnection open(KubeconfigSet set, String contextName)
            throws KubeconfigException, ClusterAccessException {
        return open(set, contextName, KubeClientOptions.defaults());
    }

    /**
     * Opens a client for {@code contextName}. Does not contact the API server (see
     * {@link ClusterProbe}), but runs the context's exec credential plugin if it has one, which
     * may take seconds: call it off the FX thread.
     *
     * @throws KubeconfigException    if the context, its cluster or its user is not defined, or a
     *                                file it names is missing or unusable
     * @throws ClusterAccessException if its exec credential plugin is missing or fails
     */
    public static KubeConnection open(KubeconfigSet set, String contextName, KubeClientOptions options)
            throws KubeconfigException, ClusterAccessException {
        Merged merged = read(set);
        KubeContext context = resolve(merged, contextName);
        Lookup<NamedAuthInfo> user = context.user() == null ? null
                : merged.first(f -> f.config().getUsers(), NamedAuthInfo::getName, context.user(),
                n -> n.getUser() != null);
        Lookup<NamedCluster> cluster = merged.first(f -> f.config().getClusters(), NamedCluster::getName,
                context.cluster(), n -> n.getCluster() != null);

        ExecTokenProvider execProvider = execProvider(context, user, cluster, options);
        Config config = buildConfig(set, merged, context, user, cluster, execProvider, options);

        KubernetesClient client;
        try {
            client = new KubernetesClientBuilder()
                    .withConfig(config)
                    .withKubernetesSerialization(Serializations.withoutScan())
                    .withHttpClientFactory(KubeReadLimits.clientFactory(KubeReadLimits.Limits.DEFAULTS))
                    .withHttpClientBuilderConsumer(b -> {
                        if (execProvider != null) {
                            b.addOrReplaceInterceptor(ExecTokenProvider.INTERCEPTOR_NAME,
                                    execProvider.unauthorizedInterceptor());
                        }
                    })
                    .build();
        } catch (RuntimeException e) {
            // building the TLS context reads the CA, the client certificate and the key
            throw new KubeconfigException("The TLS settings of context '" + contextName
                    + "' cannot be used (" + rootCauseName(e) + "); check certificate-authority(-data) of cluster '"
                    + context.cluster() + "' and client-certificate(-data) and client-key(-data) of user "
                    + context.userForSentence() + " in the kubeconfig");
        }
        LOG.info("Opened context '{}' at {} as user {}", contextName, ClusterErrors.safeUrl(context.server()),
                context.userForSentence());
        return new KubeConnection(context, config.getMasterUrl(), client);
    }

    /** Runs the user's exec plugin once, so that a missing or failing one is reported now. */
    private static ExecTokenProvider execProvider(KubeContext context, Lookup<NamedAuthInfo> user,
                                                  Lookup<NamedCluster> cluster, KubeClientOptions options)
            throws KubeconfigException, ClusterAccessException {
        AuthInfo auth = user == null ? null : user.entry().getUser();
        if (auth == null || auth.getExec() == null) {
            return null;
        }
        if (auth.getAuthProvider() != null) {
            throw new KubeconfigException("The kubeconfig's user " + context.userForSentence() + " in " + user.file()
                    + " has both an exec plugin and an auth-provider; keep only one (kubectl refuses this too)");
        }
        ExecCredentialPlugin plugin = new ExecCredentialPlugin(context.user(), auth.getExec(), user.file(),
                ExecCredentialPlugin.clusterInfo(cluster.entry().getCluster(), cluster.file()), options.execTimeout());
        ExecTokenProvider provider = new ExecTokenProvider(plugin, Clock.systemUTC());
        try {
            provider.fetch();
        } catch (ExecPluginException e) {
            throw new ClusterAccessException(e.reason(), e.getMessage(), null);
        }
        return provider;
    }

    private static Config buildConfig(KubeconfigSet set, Merged merged, KubeContext context,
                                      Lookup<NamedAuthInfo> user, Lookup<NamedCluster> cluster,
                                      ExecTokenProvider execProvider, KubeClientOptions options)
            throws KubeconfigException, ClusterAccessException {
        Config config = Config.empty();
        if (execProvider != null) {
            // with a provider set, fabric8's merge leaves the exec section alone
            config.setOauthTokenProvider(execProvider);
        }
        KubeConfigUtils.merge(config, context.name(), merged.configs());
        NamedContext chosen = config.getCurrentContext();
        if (chosen == null || !context.name().equals(chosen.getName())) {
            // fabric8 falls back to the current context when the one asked for is missing: never do that
            throw new KubeconfigException("The context '" + context.name() + "' could not be selected in "
                    + set.files() + "; reload the kubeconfig and pick it again");
        }
        AuthInfo auth = user == null ? null : user.entry().getUser();
        if (execProvider != null) {
            ExecCredentialPlugin.Credential credential;
            try {
                credential = execProvider.current();
            } catch (ExecPluginException e) {
                throw new ClusterAccessException(e.reason(), e.getMessage(), null);
            }
            if (credential.token() == null) {
                config.setClientCertData(credential.clientCertificateData());
                config.setClientKeyData(credential.clientKeyData());
                config.setClientKeyAlgo(Config.getKeyAlgorithm(null, credential.clientKeyData()));
            }
        } else if (auth != null) {
            keepStaticToken(config, auth, user.file(), context);
        }
        checkFiles(config, context);
        applyTransport(config, options, cluster.entry().getCluster().getProxyUrl(), set.proxyEnvironment());
        warnIfInsecure(config, context);
        return config;
    }

    /** The fabric8 configuration for a context, for tests that check what it says. */
    static Config configOf(KubeConnection connection) {
        return connection.client().getConfiguration();
    }

    private static Merged read(KubeconfigSet set) throws KubeconfigException {
        List<ParsedFile> parsed = new ArrayList<>();
        for (Path file : set.files()) {
            Optional<io.fabric8.kubernetes.api.model.Config> config = KubeconfigReader.read(file);
            config.ifPresent(c -> parsed.add(new ParsedFile(file, c)));
        }
        return new Merged(parsed, set.files());
    }

    private static KubeContext resolve(Merged merged, String contextName) throws KubeconfigException {
        Lookup<NamedContext> ctx = merged.first(f -> f.config().getContexts(), NamedContext::getName, contextName,
                n -> n.getContext() != null);
        if (ctx == null) {
            throw new KubeconfigException("The context '" + contextName + "' is not defined in "
                    + describeFiles(merged.files()) + "; pick one of the contexts listed, or check --context");
        }
        var c = ctx.entry().getContext();
        if (c.getCluster() == null || c.getCluster().isBlank()) {
            throw new KubeconfigException("The context '" + contextName + "' in " + ctx.file()
                    + " names no cluster; add cluster: <name> to it");
        }
        Lookup<NamedCluster> cluster = merged.first(f -> f.config().getClusters(), NamedCluster::getName,
                c.getCluster(), n -> n.getCluster() != null);
        if (cluster == null) {
            throw new KubeconfigException("The context '" + contextName + "' in " + ctx.file()
                    + " names the cluster '" + c.getCluster() + "', but no cluster of that name is defined in "
                    + describeFiles(merged.files()) + "; add the cluster or fix the context");
        }
        String server = cluster.entry().getCluster().getServer();
        if (server == null || server.isBlank()) {
            throw new KubeconfigException("The cluster '" + c.getCluster() + "' in " + cluster.file()
                    + " has no server address; add server: https://… to it");
        }
        if (c.getUser() != null && !c.getUser().isBlank()
                && merged.first(f -> f.config().getUsers(), NamedAuthInfo::getName, c.getUser(),
                n -> n.getUser() != null) == null) {
            throw new KubeconfigException("The context '" + contextName + "' in " + ctx.file()
                    + " names the user '" + c.getUser() + "', but no user of that name is defined in "
                    + describeFiles(merged.files()) + "; add the user or fix the context");
        }
        return new KubeContext(contextName, c.getCluster(), c.getUser(), c.getNamespace(), server);
    }

    /**
     * fabric8 re-reads only the context's own file when it refreshes a token (and applies
     * {@code KUBERNETES_*} overrides then); a static token does not change, so pin it.
     */
    private static void keepStaticToken(Config config, AuthInfo auth, Path userFile, KubeContext context)
            throws KubeconfigException {
        if (auth.getToken() != null && !auth.getToken().isBlank()) {
            config.setOauthToken(auth.getToken().strip());
        } else if (auth.getTokenFile() != null && !auth.getTokenFile().isBlank() && auth.getAuthProvider() == null) {
            Path tokenFile = KubeconfigReader.resolveAgainst(userFile, auth.getTokenFile());
            try {
                config.setOauthToken(Files.readString(tokenFile).strip());
            } catch (IOException e) {
                throw new KubeconfigException("The kubeconfig's user " + context.userForSentence()
                        + " reads its token from " + tokenFile + ", which cannot be read ("
                        + e.getClass().getSimpleName() + "); fix tokenFile or the file's permissions");
            }
        }
    }

    private static void checkFiles(Config config, KubeContext context) throws KubeconfigException {
        String cluster = "cluster '" + context.cluster() + "'";
        String user = "user " + context.userForSentence();
        checkFile(config.getCaCertFile(), "certificate-authority", cluster);
        checkFile(config.getClientCertFile(), "client-certificate", user);
        checkFile(config.getClientKeyFile(), "client-key", user);
    }

    private static void checkFile(String file, String field, String owner) throws KubeconfigException {
        if (file != null && !file.isBlank() && !Files.isReadable(Path.of(file))) {
            throw new KubeconfigException("The kubeconfig's " + owner + " names the " + field + " file " + file
                    + ", which " + (Files.exists(Path.of(file)) ? "cannot be read" : "does not exist")
                    + "; fix the path in the kubeconfig");
        }
    }

    private static void applyTransport(Config config, KubeClientOptions options, String proxyUrl,
                                       Map<String, String> proxyEnv) {
        config.setConnectionTimeout((int) options.connectTimeout().toMillis());
        config.setRequestTimeout((int) options.requestTimeout().toMillis());
        config.setWatchReconnectInterval(WATCH_RECONNECT_INTERVAL_MS);
        config.setWatchReconnectLimit(WATCH_RECONNECT_UNLIMITED);
        config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
        config.setRequestRetryBackoffInterval(REQUEST_RETRY_INTERVAL_MS);
        config.setUserAgent(options.userAgent());
        // a websocket message is gathered whole by OkHttp, so only an HTTP watch can be capped (KubeReadLimits)
        config.setOnlyHttpWatches(true);
        if (isSet(proxyUrl)) {
            // kubectl sends every request through proxy-url; fabric8 7.5.2 files an http:// proxy-url
            // under httpProxy only, which it ignores for an https:// server, so set both
            config.setHttpProxy(proxyUrl);
            config.setHttpsProxy(proxyUrl);
            config.setNoProxy(null);
            return;
        }
        String https = env(proxyEnv, "HTTPS_PROXY");
        String http = env(proxyEnv, "HTTP_PROXY");
        if (https != null) {
            config.setHttpsProxy(https);
        }
        if (http != null) {
            config.setHttpProxy(http);
        }
        String noProxy = env(proxyEnv, "NO_PROXY");
        if (noProxy != null && (https != null || http != null)) {
            config.setNoProxy(noProxy.split("\\s*,\\s*"));
        }
    }

    private static String env(Map<String, String> env, String upper) {
        String v = env.get(upper);
        return v != null ? v : env.get(upper.toLowerCase(Locale.ROOT));
    }

    private static void warnIfInsecure(Config config, KubeContext context) {
        if (config.isTrustCerts() && WARNED_INSECURE.add(context.name())) {
            LOG.warn("The kubeconfig sets insecure-skip-tls-verify: true for cluster '{}' (context '{}'), so Opsdeck"
                            + " does not verify the identity of the API server at {}; anyone on the network path"
                            + " could read its credentials", context.cluster(), context.name(),
                    ClusterErrors.safeUrl(context.server()));
        }
    }

    private static String rootCauseName(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName();
    }

    private static String describeFiles(List<Path> files) {
        return files.size() == 1 ? files.get(0).toString() : "any of " + files;
    }

    private static boolean isSet(String s) {
        return s != null && !s.isBlank();
    }

    private record ParsedFile(Path file, io.fabric8.kubernetes.api.model.Config config) {
    }

    /** An entry found by name, with the file it came from. */
    private record Lookup<T>(T entry, Path file) {
    }

    /** The files in merge order; the first definition of a name wins. */
    private record Merged(List<ParsedFile> parsed, List<Path> files) {
        io.fabric8.kubernetes.api.model.Config[] configs() {
            return parsed.stream().map(ParsedFile::config).toArray(io.fabric8.kubernetes.api.model.Config[]::new);
        }

        <T> Lookup<T> first(Function<ParsedFile, List<T>> entries, Function<T, String> name, String wanted,
                            Predicate<T> usable) {
            for (ParsedFile f : parsed) {
                List<T> list = entries.apply(f);
                if (list == null) {
                    continue;
                }
                for (T entry : list) {
                    if (entry != null && wanted.equals(name.apply(entry)) && usable.test(entry)) {
                        return new Lookup<>(entry, f.file());
                    }
                }
            }
            return null;
        }
    }
}
