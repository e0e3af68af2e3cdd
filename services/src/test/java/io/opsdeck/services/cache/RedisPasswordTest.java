package io.opsdeck.services.cache;

import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheNodeState;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.opsdeck.services.fixtures.Cleanup;
import io.opsdeck.services.fixtures.LogCapture;
import io.opsdeck.services.fixtures.RedisFixture;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheStats;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password-protected Redis outside the cluster, read with the password that a settings reference
 * points at (an environment variable, a Kubernetes Secret); the password never reaches a log, a
 * message or a toString.
 */
@EnableKubernetesMockClient(crud = true)
class RedisPasswordTest {
    static final String PASSWORD = "Xq7-test-only-redis-password";
    static final String WRONG = "Wz9-wrong-test-password";
    static KubernetesClient client;
    static RedisFixture redis;

    @BeforeAll
    static void start() {
        redis = RedisFixture.start("redis-auth", PASSWORD);
    }

    @AfterAll
    static void stop() throws Exception {
        Cleanup.close(redis);
    }

    @Test
    void thePasswordFromAnEnvironmentReferenceIsUsedAndNeverLogged() {
        try (LogCapture logs = new LogCapture("redis.clients", "io.opsdeck");
             DirectCachePoller poller = poller(Map.of("OPSDECK_TEST_REDIS", PASSWORD),
                     new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(), "env:OPSDECK_TEST_REDIS"))) {
            DirectReading first = readManaged(poller);
            assertThat(first.stats().error()).isEqualTo("collecting (first sample)");
            DirectReading second = readManaged(poller);

            assertThat(second.stats().error()).isEmpty();
            assertThat(second.stats().hitRatio()).isNaN();
            assertThat(second.stats().opsPerSec()).as("AUTH and INFO are the reads' own").isZero();
            assertThat(second.details().role()).isEqualTo("primary");
            assertThat(logs.allText() + first + second).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aWrongPasswordIsAClearErrorThatNamesTheAddressButNotThePassword() {
        try (LogCapture logs = new LogCapture("redis.clients", "io.opsdeck");
             DirectCachePoller poller = poller(Map.of("OPSDECK_TEST_REDIS", WRONG),
                     new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port(), "env:OPSDECK_TEST_REDIS"))) {
            DirectReading r = readManaged(poller);

            assertThat(r.stats().error()).contains("127.0.0.1:" + redis.port()).contains("refused the password")
                    .contains("Settings");
            assertThat(r.details().state()).isEqualTo(CacheNodeState.UNAVAILABLE);
            assertThat(logs.allText()).as("the failure is logged, once").contains("refused the password");
            assertThat(logs.allText() + r).doesNotContain(WRONG).doesNotContain(PASSWORD);
        }
    }

    @Test
    void noPasswordForAProtectedRedisSaysToSetOne() {
        try (DirectCachePoller poller = poller(Map.of(),
                new CacheAddress("managed", CacheKind.REDIS, "127.0.0.1", redis.port()))) {
            DirectReading r = readManaged(poller);

            assertThat(r.stats().error()).contains("127.0.0.1:" + redis.port()).contains("requires a password")
                    .contains("env:VARIABLE or secret:namespace/name#key");
        }
    }

    private static DirectCachePoller poller(Map<String, String> env, CacheAddress plain) {
        // a password over plain TCP to 127.0.0.1: allowed here, as a user would for a trusted network
        CacheAddress address = new CacheAddress(plain.name(), plain.kind(), plain.host(), plain.port(),
                plain.passwordRef(), plain.tls(), true);
        CachePasswords passwords = new CachePasswords(env::get, null, Clock.systemUTC());
        return DirectCachePoller.create(ApprovedCaches.endpoints(passwords, List.of(address)),
                Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static DirectReading readManaged(DirectCachePoller poller) {
        return poller.read(poller.endpoints().externalNodes()).get(new PodKey("external", "managed"));
    }
}
