package io.opsdeck.app.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.app.Main;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code opsdeck train-cds [--console] [--link-classes-from FILE] DIR} (hidden): the class-data archive's
 * training run, for the checkout launcher ({@code ./opsdeck}) and the installers (both run it with
 * {@code -XX:ArchiveClassesAtExit}). One process that loads what the console and the sub-commands load on their
 * way to a first picture: the Kubernetes client up to its first request (a context on a loopback port nothing
 * listens on), and
 * <ul>
 *   <li>without {@code --console} (./opsdeck): the models its informers decode, the report on the sandbox, and
 *   the views and JavaFX through a headless snapshot (every page built, the first drawn);</li>
 *   <li>with {@code --console} (the installers): the console window on the display up to its first frame, every
 *   page built. Not the models, which are decoded after the first frame, off the path to the pod LIST: the
 *   installed app's archive is relocated as a whole at start-up (JDK 17.0.x maps it at a random address), so
 *   every class in it is resident memory whether the session uses it or not.</li>
 * </ul>
 * Scratch files go to DIR.
 */
@Command(name = "train-cds", hidden = true)
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", paramLabel = "DIR")
    Path dir;

    @CommandLine.Option(names = "--console", description = "Train the console window up to its first frame (needs a "
            + "display) instead of a headless snapshot, without the models or the sandbox's report.")
    boolean console;

    @CommandLine.Option(names = "--link-classes-from", paramLabel = "FILE", description = "This run's -Xlog:class+load "
            + "file: every class it names that the app's class loader loaded is linked before the archive is written.")
    Path classLog;

    @Override
    public Integer call() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [{name: training, cluster: {server: "http://127.0.0.1:%d"}}]
                users: [{name: training, user: {token: training}}]
                contexts: [{name: training, context: {cluster: training, user: training, namespace: default}}]
                current-context: training
                """.formatted(closedPort()));
        int failed = 0;
        failed += quietly("report", "--kubeconfig", kubeconfig.toString(), "--json", "--timeout", "5") == 3 ? 0 : 1;
        if (console) {
            // last: the console ends the JavaFX runtime when its window closes, after every page was built
            failed += quietly("--demo", "--exit-after-first-frame") == 0 ? 0 : 1;
        } else {
            modelClasses();
            failed += quietly("report", "--demo") == 0 ? 0 : 1;
            // every page is built (the console builds them all); the first one is drawn
            failed += quietly("snapshot", "--demo", "--view", "topology", "--out", dir.resolve("training.png").toString())
                    == 0 ? 0 : 1;
        }
        if (classLog != null) {
            linkLoadedClasses(classLog);
        }
        return failed == 0 ? 0 : 1;
    }

    /**
     * The installed app loads its jars through its launcher's own class loader, and JDK 17 writes a class of
     * such a loader into the archive only if it was linked during the run; the JDK links the class path's
     * classes itself before writing. A class loaded only to verify another (a builder's fluent base, a Jackson
     * deserializer looked up by name) was loaded but not linked, and is left out. They are linked here:
     * reflection links a class without initialising it.
     */
    private static void linkLoadedClasses(Path log) throws IOException {
        ClassLoader loader = TrainCommand.class.getClassLoader();
        int linked = 0;
        for (String line : Files.readAllLines(log)) {
            int at = line.indexOf("[class,load] ");
            int source = line.indexOf(" source: file:");
            if (at < 0 || source < 0) {
                continue;
            }
            String name = line.substring(at + "[class,load] ".length(), source);
            if (name.contains("/") || name.contains("$$Lambda")) {
                continue; // hidden classes are not archived by name
            }
            try {
                Class<?> c = Class.forName(name, false, loader);
                if (c.getClassLoader() == loader) {
                    c.getDeclaredMethods();
                    linked++;
                }
            } catch (ClassNotFoundException | LinkageError | SecurityException e) {
                // a class that cannot be linked here is not archived; it is loaded from its jar when needed
            }
        }
        LoggerFactory.getLogger(TrainCommand.class).info("Training: linked {} classes of {}", linked, log);
    }

    /**
     * fabric8's models of the kinds its informers list (nodes, workloads, services, PDBs…) and their
     * Jackson deserializers, which the report above never reaches (its connection is refused).
     */
    private static void modelClasses() {
        KubernetesSerialization json = new KubernetesSerialization();
        for (String kind : List.of("v1/NodeList", "v1/NamespaceList", "v1/ServiceList", "apps/v1/DeploymentList",
                "apps/v1/StatefulSetList", "apps/v1/DaemonSetList", "policy/v1/PodDisruptionBudgetList",
                "policy/v1beta1/PodDisruptionBudgetList", "discovery.k8s.io/v1/EndpointSliceList")) {
            int slash = kind.lastIndexOf('/');
            json.unmarshal("{\"apiVersion\":\"" + kind.substring(0, slash) + "\",\"kind\":\"" + kind.substring(slash + 1)
                    + "\",\"metadata\":{\"resourceVersion\":\"1\"},\"items\":[{\"metadata\":{\"name\":\"training\","
                    + "\"labels\":{\"a\":\"b\"},\"ownerReferences\":[{\"kind\":\"X\",\"name\":\"x\"}]},"
                    + "\"spec\":{},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}]}");
        }
    }

    /** A loopback port that was free a moment ago: the client's connection is refused there. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int quietly(String... args) {
        CommandLine cmd = Main.commandLine();
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        cmd.setOut(none);
        cmd.setErr(none);
        return cmd.execute(args);
    }
}
