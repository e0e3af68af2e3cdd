package io.opsdeck.app.wiring;

import io.opsdeck.app.settings.Settings;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheTls;
import io.opsdeck.views.shell.ExternalCacheEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** External caches from settings: their TLS (rediss://, a tls object) and the cleartext allowance. */
class ExternalCachesTest {

    @Test
    void aRedissAddressIsTlsWithTheDefaultsAndATlsObjectSaysMore() {
        List<String> problems = new ArrayList<>();
        List<CacheAddress> parsed = ExternalCaches.parse(List.of(
                new Settings.ExternalCache("a", "redis", "rediss://a.example:6380", "env:A"),
                new Settings.ExternalCache("b", "memcached", "b.example:11211", "",
                        new Settings.TlsSettings(true, "/etc/ca.pem", "b.internal", "", ""), false),
                new Settings.ExternalCache("c", "redis", "redis://c.example:6379/", "env:C", null, true),
                new Settings.ExternalCache("d", "redis", "d.example:6379", "",
                        new Settings.TlsSettings(false, "", "", "", ""), false)), problems::add);

        assertThat(problems).isEmpty();
        assertThat(parsed).extracting(CacheAddress::host).containsExactly("a.example", "b.example", "c.example", "d.example");
        assertThat(parsed.get(0).tls()).isEqualTo(CacheTls.VERIFIED);
        assertThat(parsed.get(0).port()).isEqualTo(6380);
        assertThat(parsed.get(1).tls()).isEqualTo(new CacheTls(true, true, "/etc/ca.pem", "b.internal", "", ""));
        assertThat(parsed.get(2).tls()).isEqualTo(CacheTls.OFF);
        assertThat(parsed.get(2).allowCleartextPassword()).isTrue();
        assertThat(parsed.get(0).allowCleartextPassword()).isFalse();
        assertThat(parsed.get(3).tls().label()).isEqualTo("TLS (not verified)");
    }

    @Test
    void aRedisUrlWithAPasswordOrForMemcachedIsSkippedWithASentenceThatDoesNotEchoIt() {
        List<String> problems = new ArrayList<>();
        List<CacheAddress> parsed = ExternalCaches.parse(List.of(
                new Settings.ExternalCache("a", "redis", "rediss://default:hunter2@a.example:6380", ""),
                new Settings.ExternalCache("b", "memcached", "rediss://b.example:11211", "")), problems::add);

        assertThat(parsed).isEmpty();
        assertThat(problems).hasSize(2);
        assertThat(problems.get(0)).contains("without a user, password").doesNotContain("hunter2");
        assertThat(problems.get(1)).contains("Redis URL").contains("memcached");
    }

    @Test
    void aUserAndPasswordWithoutASchemeAreSkippedWithASentenceThatDoesNotEchoThem() {
        List<String> problems = new ArrayList<>();
        List<CacheAddress> parsed = ExternalCaches.parse(List.of(
                new Settings.ExternalCache("a", "redis", "default:hunter2@a.example:6380", ""),
                new Settings.ExternalCache("b", "memcached", "admin:hunter3@b.example", ""),
                new Settings.ExternalCache("c", "redis", "hunter4@c.example:6379", "")), problems::add);

        // before, the first became a host 'default:hunter2@a.example' named in every failed read (log, report),
        // and the second a port 'hunter3@b.example' named in the skip sentence
        assertThat(parsed).isEmpty();
        assertThat(problems).hasSize(3).allSatisfy(p -> assertThat(p).contains("without a user or password")
                .doesNotContain("hunter"));
    }

    @Test
    void theSettingsPageEntryKeepsEveryTlsSettingAcrossASave() {
        Settings.ExternalCache saved = new Settings.ExternalCache("a", "redis", "a.example:6380", "env:A",
                new Settings.TlsSettings(true, "/etc/ca.pem", "a.internal", "/me/client.pem", "/me/client.key"), false);
        ExternalCacheEntry entry = ExternalCaches.entry(saved);

        assertThat(entry.connectionLabel()).isEqualTo("TLS");
        assertThat(ExternalCaches.setting(entry)).isEqualTo(saved);
        Settings.ExternalCache allowed = new Settings.ExternalCache("b", "redis", "b.example:6379", "env:B", null, true);
        assertThat(ExternalCaches.entry(allowed).connectionLabel()).isEqualTo("password sent without TLS (allowed)");
        assertThat(ExternalCaches.setting(ExternalCaches.entry(allowed))).isEqualTo(allowed);
        assertThat(ExternalCaches.entry(new Settings.ExternalCache("c", "redis", "rediss://c.example:6380", "")).tls())
                .isEqualTo(CacheTls.VERIFIED);
    }

    @Test
    void theClustersCachesGetTheirTlsByNamespaceAndCluster() {
        assertThat(ExternalCaches.rules(Map.of("cache/redis", new Settings.TlsSettings(true, "/ca.pem", "redis.cache.svc",
                "", ""))).byCache()).containsEntry("cache/redis", new CacheTls(true, true, "/ca.pem", "redis.cache.svc", "", ""));
    }
}
