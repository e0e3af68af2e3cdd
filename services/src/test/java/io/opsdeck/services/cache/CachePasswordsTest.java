package io.opsdeck.services.cache;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheNode;
import io.opsdeck.services.model.PodKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@EnableKubernetesMockClient(crud = true)
class CachePasswordsTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    final Map<String, String> env = Map.of("REDIS_PASSWORD", "from-the-environment");
    final CachePasswords passwords = new CachePasswords(env::get, client, Clock.systemUTC());

    @Test
    void anEnvironmentReferenceGivesTheVariablesValue() throws Exception {
        assertThat(passwords.resolve("env:REDIS_PASSWORD")).get().extracting(CachePassword::reveal)
                .isEqualTo("from-the-environment");
        assertThat(passwords.resolve("")).isEmpty();
        assertThat(passwords.resolve(null)).isEmpty();
    }

    @Test
    void aMissingVariableOrAnUnknownFormIsExplained() {
        assertThat(failure("env:NOT_SET")).contains("env:NOT_SET").contains("not set");
        assertThat(failure("hunter2")).contains("not understood").contains("env:VARIABLE or secret:namespace/name#key");
        assertThat(CachePasswords.isValidReference("env:A_1")).isTrue();
        assertThat(CachePasswords.isValidReference("secret:cache/redis-auth#password")).isTrue();
        assertThat(CachePasswords.isValidReference("cache/redis-auth#password")).isTrue();
        assertThat(CachePasswords.isValidReference("plain-text-password")).isFalse();
    }

    @Test
    void aSecretReferenceReadsTheKeyOfASecretTheUserMayRead() throws Exception {
        client.secrets().inNamespace("cache").resource(secret("redis-auth", "password", "from-a-secret\n")).create();

        assertThat(passwords.resolve("secret:cache/redis-auth#password")).get().extracting(CachePassword::reveal)
                .as("the newline `echo` adds is not part of the password").isEqualTo("from-a-secret");
        assertThat(passwords.resolve("cache/redis-auth#password")).get().extracting(CachePassword::reveal)
                .isEqualTo("from-a-secret");
    }

    @Test
    void aRotatedSecretIsReadAgainOnceForgotten() throws Exception {
        client.secrets().inNamespace("cache").resource(secret("rotating", "pw", "first")).create();
        String ref = "secret:cache/rotating#pw";
        assertThat(passwords.resolve(ref).orElseThrow().reveal()).isEqualTo("first");
        client.secrets().inNamespace("cache").resource(secret("rotating", "pw", "second")).update();

        assertThat(passwords.resolve(ref).orElseThrow().reveal()).as("kept for a while").isEqualTo("first");
        passwords.forget(ref);
        assertThat(passwords.resolve(ref).orElseThrow().reveal()).isEqualTo("second");
    }

    @Test
    void aMissingSecretOrKeyIsExplainedWithoutAnyValue() {
        client.secrets().inNamespace("cache").resource(secret("other-key", "token", "not-this-one")).create();

        assertThat(failure("secret:cache/absent#password")).contains("cache/absent").contains("does not exist");
        assertThat(failure("secret:cache/other-key#password")).contains("has no key 'password'")
                .doesNotContain("not-this-one");
    }

    @Test
    void aSecretTheUserMayNotReadSaysWhichPermissionIsMissing() {
        server.expect().get().withPath("/api/v1/namespaces/locked/secrets/redis-auth")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}").always();

        assertThat(failure("secret:locked/redis-auth#password")).contains("locked/redis-auth")
                .contains("403 Forbidden").contains("'get' on secrets in locked");
    }

    @Test
    void withoutAClusterOnlyEnvironmentReferencesWork() {
        CachePasswords noCluster = new CachePasswords(env::get, null, Clock.systemUTC());

        CacheReadException e = catchThrowableOfType(CacheReadException.class,
                () -> noCluster.resolve("secret:cache/redis-auth#password"));
        assertThat(e.getMessage()).contains("no cluster is open");
    }

    @Test
    void passwordsAndTargetsNeverShowThePassword() throws Exception {
        CachePassword p = passwords.resolve("env:REDIS_PASSWORD").orElseThrow();
        CacheTarget t = CacheTarget.of("10.0.0.7", 6379).withPassword(p);

        assertThat(p.toString()).isEqualTo("****");
        assertThat(t.toString()).doesNotContain("from-the-environment").contains("10.0.0.7:6379");
        assertThat(String.valueOf(t)).doesNotContain("from-the-environment");
    }

    @Test
    void credentialsNameOnePodOrAWorkload() {
        CacheCredentials c = new CacheCredentials(Map.of("cache/sessions", "env:A", "cache/sessions-2", "env:B"));
        CacheNode n0 = new CacheNode(new PodKey("cache", "sessions-0"), CacheKind.REDIS, "sessions", "", "n", 6379);
        CacheNode n2 = new CacheNode(new PodKey("cache", "sessions-2"), CacheKind.REDIS, "sessions", "", "n", 6379);

        assertThat(c.forPod(n2)).isEqualTo("env:B");
        assertThat(c.forPod(n0)).as("a workload's reference is no pod's by name").isEmpty();
        assertThat(c.forWorkload("cache", "sessions")).isEqualTo("env:A");
        assertThat(c.forWorkload("web", "sessions")).isEmpty();
        assertThat(c.anyIn("cache")).isTrue();
        assertThat(c.anyIn("web")).isFalse();
    }

    private String failure(String ref) {
        CacheReadException e = catchThrowableOfType(CacheReadException.class,
                () -> passwords.resolve(ref));
        assertThat(e).as("resolving %s", ref).isNotNull();
        assertThat(e.kind()).isEqualTo(CacheReadException.Kind.PASSWORD_REF);
        return e.getMessage();
    }

    private static io.fabric8.kubernetes.api.model.Secret secret(String name, String key, String value) {
        return new SecretBuilder().withNewMetadata().withName(name).withNamespace("cache").endMetadata()
                .withData(Map.of(key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))))
                .build();
    }
}
