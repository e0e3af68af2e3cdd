package io.opsdeck.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code ./bench/run serve [NODESxPODS] [rate=MBPS] [kubeconfig=FILE]}: the live benchmark's fake API
 * server on its own, until interrupted, with a kubeconfig that points at it: to look at (or time, or
 * profile) the console and the sub-commands against a large cluster by hand.
 */
public final class ServeBench {
    private ServeBench() {
    }

    public static void main(String[] args) throws Exception {
        String size = args.length > 0 ? args[0] : "1000x30000";
        double rate = 50;
        Path kubeconfig = Path.of(System.getProperty("java.io.tmpdir"), "opsdeck-bench-kubeconfig");
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("rate=")) {
                rate = Double.parseDouble(args[i].substring("rate=".length()));
            } else if (args[i].startsWith("kubeconfig=")) {
                kubeconfig = Path.of(args[i].substring("kubeconfig=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i] + ": use rate=MBPS or kubeconfig=FILE");
            }
        }
        String[] nxp = size.split("x");
        try (FakeApiServer server = new FakeApiServer(Integer.parseInt(nxp[0]), Integer.parseInt(nxp[1]))) {
            server.prepare(null);
            server.pace(rate);
            Files.writeString(kubeconfig, OpsdeckProcesses.kubeconfig(server));
            System.err.printf(Locale.ROOT, "serving %s at %s (%s); kubeconfig %s%n", size, server.url(),
                    rate > 0 ? rate + " MB/s" : "loopback speed", kubeconfig);
            Thread.currentThread().join();
        }
    }
}
