package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.HostilePeer;
import io.opsdeck.services.model.CacheTls;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers that claim to be a cache and try to exhaust the console: each read must come back with a
 * sentence of the right kind, within its call timeout, having read no more than the caps allow — shown by
 * what the server managed to send before the reader hung up (at most the cap plus the kernel's socket
 * buffers; a reader without the caps takes in gigabytes within the call timeout on loopback).
 */
class HostileCacheServerTest {
    static final Duration SHORT = Duration.ofMillis(500);
    /** Loopback's socket buffers here: up to 4 MiB to send (tcp_wmem) and 32 MiB to receive (tcp_rmem). */
    static final long SOCKET_BUFFERS = 48L << 20;
    final RedisInfoReader redis = new RedisInfoReader(SHORT, SHORT, Clock.systemUTC());
    final MemcachedStatsReader memcached = new MemcachedStatsReader(SHORT, SHORT, Clock.systemUTC());

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static void assertKind(Throwable e, CacheReadException.Kind kind) {
        assertThat(((CacheReadException) e).kind()).isEqualTo(kind);
    }

    @Test
    void aRedisDeclaringATwoGigabyteBulkReplyIsRefusedBeforeAnythingIsAllocated() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(ascii("$2000000000\r\n"));
            out.flush();
            HostilePeer.endless(out, new byte[64 << 10]);
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("127.0.0.1:" + peer.port())
                    .hasMessageContaining("declared a reply of 2000000000 bytes")
                    .hasMessageContaining("is this port really Redis?")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.PROTOCOL));
            assertThat(peer.bytesSent()).as("the reader stopped at the header, not after 2 GB")
                    .isLessThan(SOCKET_BUFFERS);
        }
    }

    @Test
    void aRedisArrayOfTwoBillionElementsIsRefusedToo() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(ascii("*2000000000\r\n"));
            out.flush();
            HostilePeer.endless(out, ascii("+x\r\n"));
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("2000000000 elements")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.PROTOCOL));
            assertThat(peer.bytesSent()).isLessThan(SOCKET_BUFFERS);
        }
    }

    @Test
    void aRedisThatNeverEndsItsLineIsCutOffAtTheLineCap() throws Exception {
        byte[] chunk = new byte[16 << 10];
        Arrays.fill(chunk, (byte) 'a');
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write('+');
            HostilePeer.endless(out, chunk);
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("sent a line longer than 64 KiB without ending it")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.PROTOCOL));
            assertThat(peer.bytesSent()).as("cut off at the line cap").isLessThan(BoundedReplies.MAX_LINE_BYTES + SOCKET_BUFFERS);
        }
    }

    @Test
    void aRedisDribblingItsReplyForeverHitsTheCallTimeoutNotJustTheReadTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write('+');
            while (true) { // a byte well within every read timeout, forever, never a whole line
                out.write('a');
                out.flush();
                Thread.sleep(50);
            }
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("did not answer within 1 s")
                    .satisfies(e -> assertThat(((CacheReadException) e).kind()).isEqualTo(CacheReadException.Kind.TIMEOUT));
        }
    }

    @Test
    void aRealLookingButHugeInfoIsRefusedAtTheReplyCap() throws Exception {
        int declared = BoundedReplies.MAX_REPLY_BYTES - 10; // under the bulk cap; with its header over the total
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(ascii("$" + declared + "\r\n"));
            HostilePeer.endless(out, new byte[64 << 10]);
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("sent more than 4 MiB")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.PROTOCOL));
            assertThat(peer.bytesSent()).as("cut off at the reply cap")
                    .isLessThan(BoundedReplies.MAX_REPLY_BYTES + SOCKET_BUFFERS);
        }
    }

    @Test
    void aMemcachedThatNeverEndsALineIsCutOffAtTheLineCap() throws Exception {
        byte[] chunk = new byte[16 << 10];
        Arrays.fill(chunk, (byte) 'x');
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(ascii("STAT pid "));
            HostilePeer.endless(out, chunk);
        })) {
            assertThatThrownBy(() -> memcached.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("127.0.0.1:" + peer.port())
                    .hasMessageContaining("sent a line longer than 64 KiB without ending it")
                    .hasMessageContaining("is this port really Memcached?")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.PROTOCOL));
            assertThat(peer.bytesSent()).as("cut off at the line cap").isLessThan(BoundedReplies.MAX_LINE_BYTES + SOCKET_BUFFERS);
        }
    }

    @Test
    void aTlsHandshakeThatNeverBeginsIsATimeoutSentenceNotAHang() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            in.readAllBytes(); // takes the ClientHello and answers nothing
        })) {
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port()).withTls(CacheTls.VERIFIED)))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("Redis at 127.0.0.1:" + peer.port() + " did not answer the TLS handshake"
                            + " within 500 ms")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.TIMEOUT));
        }
    }

    @Test
    void aTlsHandshakeDribbledForeverHitsTheCallTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(new byte[]{0x16, 0x03, 0x03, 0x40, 0x00}); // a handshake record of 16 KiB, sent a byte at a time
            while (true) {
                out.write(0);
                out.flush();
                Thread.sleep(50);
            }
        })) {
            assertThatThrownBy(() -> memcached.read(CacheTarget.of("127.0.0.1", peer.port()).withTls(CacheTls.VERIFIED)))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("did not answer the TLS handshake within 1 s")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.TIMEOUT));
        }
    }

    @Test
    void aMemcachedDribblingStatsForeverHitsTheCallTimeout() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            for (int i = 0; ; i++) {
                out.write(ascii("STAT x" + (i % 10) + " 1\r\n"));
                out.flush();
                Thread.sleep(20);
            }
        })) {
            assertThatThrownBy(() -> memcached.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("did not answer within 1 s")
                    .satisfies(e -> assertKind(e, CacheReadException.Kind.TIMEOUT));
        }
    }
}
