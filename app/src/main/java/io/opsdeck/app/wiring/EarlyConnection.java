package io.opsdeck.app.wiring;

import io.opsdeck.services.concurrent.Workers;
import io.opsdeck.services.k8s.config.KubeClientOptions;
import io.opsdeck.services.k8s.config.KubeClients;
import io.opsdeck.services.k8s.config.KubeConnection;
import io.opsdeck.services.k8s.config.KubeconfigSet;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The kubeconfig read and the Kubernetes client opened for the console or a headless command ({@code report},
 * {@code snapshot}) while the command line is still being parsed and the settings read: measured on the
 * 2-core machine, picocli's model, the argument checks and the settings take ~0.4 s before the session
 * reads the kubeconfig (~0.4 s) and opens the client (~0.6 s, most of it TLS and the client's classes), all
 * before the first LIST. The arguments are only looked at here, not checked: the command asks for the
 * connection it would open itself ({@link #take}) and gets this one only when it is for the same kubeconfig
 * and context; otherwise it is closed. A failure here is dropped: the session then opens the context
 * itself and reports the failure in its words.
 */
public final class EarlyConnection {
    /** What was opened, for which kubeconfig ({@code null}: $KUBECONFIG / ~/.kube/config) and context. */
    record Opened(Path kubeconfig, String askedContext, KubeconfigSet set, String context, KubeConnection connection) {
    }

    private static final Object LOCK = new Object();
    private static CompletableFuture<Opened> pending;

    private EarlyConnection() {
    }

    /**
     * Starts opening the context that {@code args} name, if they are the console or a headless command on a
     * kubeconfig (not {@code --demo}, not help or version); returns at once. Call after logging is set up.
     */
    public static void start(List<String> args, Map<String, String> env, Path home) {
        Optional<Request> request = Request.of(args);
        if (request.isEmpty()) {
            return;
        }
        Request r = request.get();
        if (BackendFactory.findKubeconfig(r.kubeconfig(), env, home).isEmpty()) {
            return;
        }
        CompletableFuture<Opened> opening = CompletableFuture.supplyAsync(() -> {
            try {
                KubeconfigSet set = KubeconfigSet.load(Optional.ofNullable(r.kubeconfig()), env, home);
                String context = r.context() != null ? r.context() : set.currentContext().orElse(null);
                if (context == null) {
                    return null;
                }
                return new Opened(r.kubeconfig(), r.context(), set, context,
                        KubeClients.open(set, context, KubeClientOptions.defaults(AppVersion.opsdeck())));
            } catch (Exception e) {
                return null; // opened again, and reported, by the session
            }
        }, command -> Workers.threadFactory("early-connection").newThread(command).start());
        CompletableFuture<Opened> unclaimed;
        synchronized (LOCK) {
            unclaimed = pending;
            pending = opening;
        }
        if (unclaimed != null) {
            unclaimed.thenAccept(o -> {
                if (o != null) {
                    o.connection().close();
                }
            });
        }
    }

    /**
     * The connection opened early for this kubeconfig and context ({@code null} for the defaults), waiting
     * for it if it is still being opened; empty when none was, or for another one (which is then closed).
     * Once: a second call finds nothing.
     */
    static Optional<Opened> take(Path kubeconfig, String context) {
        CompletableFuture<Opened> opening;
        synchronized (LOCK) {
            opening = pending;
            pending = null;
        }
        if (opening == null) {
            return Optional.empty();
        }
        Opened opened;
        try {
            opened = opening.join();
        } catch (CompletionException e) {
            return Optional.empty();
        }
        if (opened == null) {
            return Optional.empty();
        }
        if (Objects.equals(opened.kubeconfig(), kubeconfig) && Objects.equals(opened.askedContext(), context)) {
            return Optional.of(opened);
        }
        opened.connection().close();
        return Optional.empty();
    }

    /** The options that decide the connection, as typed, of the console or of a headless command. */
    record Request(Path kubeconfig, String context) {
        private static final List<String> HEADLESS = List.of("report", "snapshot");
        /** Options of the main command and of the headless commands that take a separate value. */
        private static final List<String> WITH_VALUE = List.of("--theme", "--exit-after-pods", "--kubeconfig",
                "--context", "--seed", "--demo-size", "--prometheus-url");

        /**
         * The console's options (no sub-command) or a headless command's (the main command's options before it
         * are the console's and are ignored); empty for any other command, help, version or {@code --demo}.
         */
        static Optional<Request> of(List<String> args) {
            int from = 0;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (WITH_VALUE.contains(a)) {
                    i++;
                } else if (!a.startsWith("-")) {
                    if (!HEADLESS.contains(a)) {
                        return Optional.empty();
                    }
                    from = i + 1;
                    break;
                }
            }
            Path kubeconfig = null;
            String context = null;
            for (int i = from; i < args.size(); i++) {
                String a = args.get(i);
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (a) {
                    case "--demo", "--help", "-h", "--version", "-V" -> {
                        return Optional.empty();
                    }
                    case "--kubeconfig" -> kubeconfig = value == null ? null : Path.of(value);
                    case "--context" -> context = value;
                    default -> {
                        if (a.startsWith("--kubeconfig=")) {
                            kubeconfig = Path.of(a.substring("--kubeconfig=".length()));
                        } else if (a.startsWith("--context=")) {
                            context = a.substring("--context=".length());
                        }
                    }
                }
                if (WITH_VALUE.contains(a)) {
                    i++;
                }
            }
            return Optional.of(new Request(kubeconfig, context));
        }
    }
}
