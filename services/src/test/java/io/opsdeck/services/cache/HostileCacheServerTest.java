package io.opsdeck.services.cache;

import io.opsdeck.services.fixtures.HostilePeer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers that claim to be a cache and try to exhaust the console: each read must come back with a
 * sentence, within its call timeout, without the heap growing with what the server declared or sent.
 */
class HostileCacheServerTest {
    static final Duration SHORT = Duration.ofMillis(500);
    final RedisInfoReader redis = new RedisInfoReader(SHORT, SHORT, Clock.systemUTC());
    final MemcachedStatsReader memcached = new MemcachedStatsReader(SHORT, SHORT, Clock.systemUTC());

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static long heapUsed() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    @Test
    void aRedisDeclaringATwoGigabyteBulkReplyIsRefusedBeforeAnythingIsAllocated() throws Exception {
        try (HostilePeer peer = HostilePeer.start((in, out) -> {
            HostilePeer.readLine(in);
            out.write(ascii("$2000000000\r\n"));
            out.flush();
            HostilePeer.endless(out, new byte[64 << 10]);
        })) {
            long before = heapUsed();
            assertThatThrownBy(() -> redis.read(CacheTarget.of("127.0.0.1", peer.port())))
                    .isInstanceOf(CacheReadException.class)
                    .hasMessageContaining("127.0.0.1:" + peer.port())
                    .hasMessageContaining("declared a reply of 2000000000 bytes")
                    .hasMessageContaining("is this port really Redis?")
                    .satisfies(e -> assertThat(((CacheReadException) e).kind()).isEqualTo(CacheReadException.Kind.PROTOCOL));
            assertThat(heapUsed() - before).as("no 2 GB array").isLessThan(256L << 20);
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
                    .hasMessageContaining("2000000000 elements");
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
                    .hasMessageContaining("sent a line longer than 64 KiB without ending it");
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
                    .hasMessageContaining("sent more than 4 MiB");
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
                    .hasMessageContaining("is this port really Memcached?");
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
                    .hasMessageContaining("did not answer within 1 s");
        }
    }
}
