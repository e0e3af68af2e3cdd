package io.opsdeck.app.cli;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.opsdeck.app.Main;
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
 * {@code opsdeck train-cds DIR} (hidden): the class-data archive's training run for the checkout
 * launcher ({@code ./opsdeck}, which runs it with {@code -XX:ArchiveClassesAtExit}). One process that
 * loads what the console and the sub-commands load on their way to a first picture: the views and
 * JavaFX (a snapshot: every page built, the first drawn), the report, the Kubernetes client up to its first
 * request (a context on a loopback port nothing listens on) and the models its informers decode. Scratch files go to DIR.
 */
@Command(name = "train-cds", hidden = true)
public final class TrainCommand implements Callable<Integer> {
    @CommandLine.Parameters(index = "0", paramLabel = "DIR")
    Path dir;

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
        modelClasses();
        int failed = 0;
        failed += quietly("report", "--kubeconfig", kubeconfig.toString(), "--json", "--timeout", "5") == 3 ? 0 : 1;
        failed += quietly("report", "--demo") == 0 ? 0 : 1;
        // every page is built (the console builds them all); the first one is drawn
        failed += quietly("snapshot", "--demo", "--view", "topology", "--out", dir.resolve("training.png").toString())
                == 0 ? 0 : 1;
        return failed == 0 ? 0 : 1;
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
