package io.opsdeck.services.cache;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.internal.WebSocketMessage;
import io.opsdeck.services.action.ActionException;
import io.opsdeck.services.action.CacheOps;
import io.opsdeck.services.model.CacheKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The flush through a real fabric8 port-forward against the mock API server, which plays a pod's
 * Memcached over the port-forward WebSocket protocol (as in {@link CacheEndpointsTest}).
 */
@EnableKubernetesMockClient
class CacheFlushFabric8ForwardTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    static final String STATS = "STAT pid 7\r\nSTAT uptime 100\r\nSTAT version 1.6.21\r\nSTAT get_hits 30\r\n"
            + "STAT get_misses 10\r\nSTAT cmd_get 40\r\nSTAT cmd_set 5\r\nSTAT bytes 1024\r\nSTAT curr_items 5\r\nEND\r\n";

    @Test
    void factsAndTheFlushGoThroughThePortForwardToThePod() throws Exception {
        play("memcached-0", "OK\r\n");
        CacheOps.Node node = new CacheOps.Node("cache", "memcached-0", "memcached", CacheKind.MEMCACHED, "", true);
        try (CacheEndpoints endpoints = endpoints()) {
            CacheFlusher flusher = new CacheFlusher(endpoints);

            CacheOps.Facts facts = flusher.read(node);
            String reply = flusher.flush(node, new CacheOps.Flush(null, List.of("flush_all"), 0));

            assertThat(facts.version()).isEqualTo("1.6.21");
            assertThat(facts.keys(null)).isEqualTo(5);
            assertThat(facts.hitRatio()).isEqualTo(0.75);
            assertThat(reply).isEqualTo("OK");
        }
    }

    @Test
    void aPodStartedWithDisableFlushAllRefusesThroughThePortForwardToo() throws Exception {
        play("memcached-1", "CLIENT_ERROR flush_all not allowed\r\n");
        CacheOps.Node node = new CacheOps.Node("cache", "memcached-1", "memcached", CacheKind.MEMCACHED, "", true);
        try (CacheEndpoints endpoints = endpoints()) {
            ActionException e = catchThrowableOfType(ActionException.class, () -> new CacheFlusher(endpoints)
                    .flush(node, new CacheOps.Flush(null, List.of("flush_all"), 0)));

            assertThat(e.kind()).isEqualTo(ActionException.Kind.FORBIDDEN);
            assertThat(e.getMessage()).contains("cache/memcached-1:11211").contains("port-forward")
                    .contains("--disable-flush-all");
        }
    }

    /** Each stream through the forward answers stats and flush_all as the pod's Memcached would. */
    private static void play(String pod, String flushReply) {
        server.expect().withPath("/api/v1/namespaces/cache/pods/" + pod + "/portforward?ports=11211")
                .andUpgradeToWebSocket()
                .open(new WebSocketMessage(frame(0, new byte[] {(byte) 0xBB, 0x2B})),
                        new WebSocketMessage(frame(1, new byte[] {(byte) 0xBB, 0x2B})))
                .expect("\u0000stats\r\n").andEmit(new WebSocketMessage(frame(0, STATS.getBytes(StandardCharsets.US_ASCII))))
                .always()
                .expect("\u0000flush_all\r\n").andEmit(new WebSocketMessage(frame(0,
                        flushReply.getBytes(StandardCharsets.US_ASCII))))
                .always()
                .done().always();
    }

    private static CacheEndpoints endpoints() {
        return new CacheEndpoints(new Fabric8PortForwarder(client), CachePasswords.fromEnvironment(),
                CacheCredentials.NONE, List.of());
    }

    private static byte[] frame(int channel, byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(channel);
        b.writeBytes(data);
        return b.toByteArray();
    }
}
