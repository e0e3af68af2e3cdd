package io.opsdeck.services.cache;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for a port-forward's local end that passes everything to a real server, except that
 * the connection carrying {@code marker} (e.g. FLUSHALL) breaks: either before the command reaches
 * the server, or after (the server acts, and its answer never comes back), as a port-forward that
 * drops mid-flush does.
 */
final class DroppingProxy implements AutoCloseable {
    enum Drop { BEFORE_SENDING, AFTER_SENDING }

    private final ServerSocket server;
    private final int upstream;
    private final String marker;
    private final Drop drop;
    private final ExecutorService pumps = Executors.newCachedThreadPool();

    DroppingProxy(int upstream, String marker, Drop drop) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstream = upstream;
        this.marker = marker.toLowerCase(Locale.ROOT);
        this.drop = drop;
        pumps.submit(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream);
                boolean[] dropping = {false};
                pumps.submit(() -> pump(client, up, dropping, true));
                pumps.submit(() -> pump(up, client, dropping, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean[] dropping, boolean fromClient) {
        byte[] buf = new byte[8192];
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                if (fromClient && new String(buf, 0, n, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(marker)) {
                    synchronized (dropping) {
                        dropping[0] = true;
                    }
                    if (drop == Drop.BEFORE_SENDING) {
                        return; // both ends close: the command never reached the server
                    }
                } else if (!fromClient) {
                    synchronized (dropping) {
                        if (dropping[0]) {
                            return; // the server answered the flush; the answer is lost
                        }
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // the other pump closed the sockets
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        pumps.shutdownNow();
    }
}
