package io.opsdeck.app.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.opsdeck.app.settings.Settings.ContextSettings;
import io.opsdeck.app.settings.SettingsStore.LoadResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class SettingsStoreTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T01:23:45Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file;
    private SettingsStore store;
    private ListAppender<ILoggingEvent> logged;
    private Logger storeLogger;

    @BeforeEach
    void setUp() {
        file = dir.resolve("settings.json");
        store = new SettingsStore(file, CLOCK);
        storeLogger = (Logger) LoggerFactory.getLogger(SettingsStore.class);
        logged = new ListAppender<>();
        logged.start();
        storeLogger.addAppender(logged);
    }

    @AfterEach
    void tearDown() {
        storeLogger.detachAppender(logged);
    }

    @Test
    void missingFileGivesDefaultsWithoutWarningAndCreatesNothing() {
        LoadResult result = store.load();

        assertThat(result.settings()).isEqualTo(Settings.defaults());
        assertThat(result.warning()).isEmpty();
        assertThat(dir).isEmptyDirectory();
        assertThat(logged.list).isEmpty();
    }

    @Test
    void roundTripsEverySetting() throws Exception {
        Settings settings = Settings.defaults()
                .withTheme("dark")
                .withLastView("caches")
                .withContext("prod", new ContextSettings("https://prom.prod:9090", true, true))
                .withContext("dev", new ContextSettings(null, false, false));

        store.save(settings);
        LoadResult result = new SettingsStore(file).load();

        assertThat(result.settings()).isEqualTo(settings);
        assertThat(result.warning()).isEmpty();
    }

    @Test
    void writesPrettyPrintedJson() throws Exception {
        store.save(Settings.defaults().withTheme("dark")
                .withContext("prod", new ContextSettings("http://prom:9090", true, false)));

        String json = Files.readString(file);
        assertThat(json).startsWith("{").contains("\n").contains("\"theme\": \"dark\"")
                .contains("\"lastView\": \"topology\"").contains("\"prometheusUrl\": \"http://prom:9090\"")
                .contains("\"readOnly\": true").contains("\"protectedContext\": false")
                .endsWith("}" + System.lineSeparator());
    }

    @Test
    void saveCreatesTheDirectoryAndLeavesNoTemporaryFiles() throws Exception {
        Path nested = dir.resolve("a").resolve("b").resolve("settings.json");
        SettingsStore nestedStore = new SettingsStore(nested);

        nestedStore.save(Settings.defaults());
        nestedStore.save(Settings.defaults().withTheme("dark"));
        nestedStore.save(Settings.defaults().withLastView("services"));

        try (Stream<Path> files = Files.list(nested.getParent())) {
            assertThat(files).containsExactly(nested);
        }
        assertThat(nestedStore.load().settings().lastView()).isEqualTo("services");
    }

    @Test
    void concurrentSavesLeaveOneValidFileAndNoTemporaryFiles() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> saves = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                Settings settings = Settings.defaults().withLastView("view-" + i);
                saves.add(pool.submit(() -> {
                    store.save(settings);
                    return null;
                }));
            }
            for (Future<?> save : saves) {
                save.get();
            }
        } finally {
            pool.shutdownNow();
        }

        LoadResult result = store.load();
        assertThat(result.warning()).isEmpty();
        assertThat(result.settings().lastView()).startsWith("view-");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void unknownKeysAreIgnoredAndMissingKeysTakeDefaults() throws Exception {
        Files.writeString(file, """
                {
                  "theme": "dark",
                  "addedInOpsdeck9": {"nested": [1, 2, 3]},
                  "contexts": {
                    "prod": {"readOnly": true, "shinyNewFlag": "yes"}
                  }
                }
                """);

        LoadResult result = store.load();

        assertThat(result.warning()).isEmpty();
        assertThat(result.settings().theme()).isEqualTo("dark");
        assertThat(result.settings().lastView()).isEqualTo("topology");
        assertThat(result.settings().context("prod"))
                .isEqualTo(new ContextSettings(null, true, false));
        assertThat(file).exists();
    }

    @Test
    void anEmptyObjectGivesDefaults() throws Exception {
        Files.writeString(file, "{}");

        assertThat(store.load()).isEqualTo(new LoadResult(Settings.defaults(), java.util.Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"theme\": ",
            "[1,2]",
            "{\"theme\": 5, \"contexts\": \"x\"}",
            "{\"contexts\": {\"prod\": {\"readOnly\": [true]}}}",
            "",
            "null",
            "\"dark\"",
            "{\"theme\": \"dark\"} {\"theme\": \"light\"}",
            "{\"contexts\": {\"prod\": {\"prometheusUrl\": \"https://admin:hunter2@prom:9090\"}}}",
    })
    void corruptFileIsMovedAsideAndDefaultsAreUsed(String content) throws Exception {
        byte[] original = content.getBytes(StandardCharsets.UTF_8);
        Files.write(file, original);

        LoadResult result = store.load();

        Path moved = dir.resolve("settings.json.corrupt-20261122T012345Z");
        assertThat(result.settings()).isEqualTo(Settings.defaults());
        assertThat(file).doesNotExist();
        assertThat(moved).exists().hasBinaryContent(original);
        assertThat(result.warning()).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("Settings file " + file + " could not be read (")
                .endsWith("); it was moved to " + moved + ", and Opsdeck started with default settings.")
                .doesNotContain("hunter2"));
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo(result.warning().orElseThrow());
        });
    }

    @Test
    void warningSaysWhatWasWrong() throws Exception {
        Files.writeString(file, "{\n  \"theme\": ");
        assertThat(store.load().warning().orElseThrow()).contains("not valid JSON: it ends too early")
                .contains("line 2");

        Files.writeString(file, "{\"theme\": dark}");
        assertThat(store.load().warning().orElseThrow()).contains("not valid JSON: syntax error at line 1");

        Files.writeString(file, "[1,2]");
        assertThat(store.load().warning().orElseThrow()).contains("an array where a JSON object was expected");

        Files.writeString(file, "{\"theme\": \"dark\", \"contexts\": \"x\"}");
        assertThat(store.load().warning().orElseThrow()).contains("'contexts' has the wrong type");
    }

    @Test
    void aSecondCorruptFileInTheSameSecondDoesNotOverwriteTheFirst() throws Exception {
        Files.writeString(file, "first {");
        store.load();
        Files.writeString(file, "second {");

        LoadResult result = store.load();

        assertThat(dir.resolve("settings.json.corrupt-20261122T012345Z")).hasContent("first {");
        assertThat(dir.resolve("settings.json.corrupt-20261122T012345Z-1")).hasContent("second {");
        assertThat(result.warning().orElseThrow()).contains("settings.json.corrupt-20261122T012345Z-1");
    }

    @Test
    void afterACorruptFileTheNextSaveWritesAFreshOne() throws Exception {
        Files.writeString(file, "{oops");
        store.load();

        store.save(Settings.defaults().withTheme("dark"));

        assertThat(store.load().settings().theme()).isEqualTo("dark");
        assertThat(dir.resolve("settings.json.corrupt-20261122T012345Z")).hasContent("{oops");
    }

    @Test
    void anUnreadableFileIsLeftAloneAndReported() throws Exception {
        Files.createDirectory(file);

        LoadResult result = store.load();

        assertThat(result.settings()).isEqualTo(Settings.defaults());
        assertThat(result.warning().orElseThrow())
                .startsWith("Settings file " + file + " could not be read (")
                .endsWith("Opsdeck started with default settings.");
        assertThat(file).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void saveFailureIsAnIOExceptionNamingTheFile() throws Exception {
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        Path impossible = blocker.resolve("settings.json");

        assertThatThrownBy(() -> new SettingsStore(impossible).save(Settings.defaults()))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageStartingWith("Could not save settings to " + impossible + ": ");
    }

    @Test
    void failedSaveKeepsThePreviousFile() throws Exception {
        store.save(Settings.defaults().withTheme("dark"));
        // a directory where the temporary file would be renamed onto cannot be replaced
        Path dirStore = dir.resolve("sub");
        Files.createDirectories(dirStore.resolve("settings.json").resolve("child"));

        assertThatThrownBy(() -> new SettingsStore(dirStore.resolve("settings.json")).save(Settings.defaults()))
                .isInstanceOf(java.io.IOException.class);

        try (Stream<Path> files = Files.list(dirStore)) {
            assertThat(files).containsExactly(dirStore.resolve("settings.json"));
        }
        assertThat(store.load().settings().theme()).isEqualTo("dark");
    }

    @Test
    void cacheSettingsRoundTripAndBadThresholdsFallBackToDefaultsWithoutLosingTheFile(@TempDir Path dir) throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        Settings s = Settings.defaults().withCacheThresholds(new Settings.CacheThresholds(0.95, 0.8))
                .withContext("prod", Settings.ContextSettings.defaults()
                        .withExternalCaches(java.util.List.of(new Settings.ExternalCache("sessions", "redis",
                                "redis.example:6379", "env:SESSIONS_REDIS_PASSWORD")))
                        .withCacheAuthRefs(java.util.Map.of("cache/redis", "secret:cache/redis-auth#password")));
        store.save(s);
        assertThat(store.load().settings()).isEqualTo(s);

        Files.writeString(dir.resolve("settings.json"), """
                {"theme": "dark", "caches": {"warnBelow": 0.5, "criticalBelow": 0.9}}
                """);
        SettingsStore.LoadResult loaded = store.load();
        assertThat(loaded.warning()).isEmpty();
        assertThat(loaded.settings().theme()).isEqualTo("dark");
        assertThat(loaded.settings().caches()).isEqualTo(Settings.CacheThresholds.DEFAULTS);
    }

    @Test
    void aPasswordTypedWhereAReferenceBelongsIsRefusedAndNeverEchoed() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Settings.ExternalCache("sessions", "redis",
                        "redis.example:6379", "hunter2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("env:VARIABLE")
                .hasMessageNotContaining("hunter2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Settings.ContextSettings.defaults()
                        .withCacheAuthRefs(java.util.Map.of("cache/redis", "hunter2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("hunter2");
    }

    @Test
    void cacheTlsAndTheCleartextAllowanceRoundTripAndOldFilesStillLoad(@TempDir Path dir) throws Exception {
        SettingsStore store = new SettingsStore(dir.resolve("settings.json"));
        Settings s = Settings.defaults().withContext("prod", Settings.ContextSettings.defaults()
                .withExternalCaches(java.util.List.of(
                        new Settings.ExternalCache("sessions", "redis", "redis.example:6380", "env:PW",
                                new Settings.TlsSettings(true, "/etc/opsdeck/ca.pem", "sessions.internal", "", ""), false),
                        new Settings.ExternalCache("legacy", "redis", "10.0.0.5:6379", "env:PW2", null, true),
                        new Settings.ExternalCache("plain", "memcached", "10.0.0.6:11211", "")))
                .withCacheTls(java.util.Map.of("cache/redis", new Settings.TlsSettings(false, "", "", "", ""))));
        store.save(s);
        String written = Files.readString(dir.resolve("settings.json"));
        assertThat(store.load().settings()).isEqualTo(s);
        assertThat(written).contains("\"allowCleartextPassword\": true").contains("\"serverName\": \"sessions.internal\"")
                .contains("\"cacheTls\"");
        assertThat(written.split("allowCleartextPassword", -1)).as("written only where it is allowed").hasSize(2);

        Files.writeString(dir.resolve("settings.json"), """
                {"contexts": {"prod": {"externalCaches": [
                  {"name": "a", "kind": "redis", "address": "rediss://a.example:6380", "authRef": "env:A"},
                  {"name": "b", "kind": "redis", "address": "b.example:6379", "tls": true},
                  {"name": "c", "kind": "redis", "address": "c.example:6379", "tls": {"verify": false}},
                  {"name": "d", "kind": "memcached", "address": "d.example:11211"}
                ]}}}
                """);
        SettingsStore.LoadResult loaded = store.load();
        assertThat(loaded.warning()).isEmpty();
        java.util.List<Settings.ExternalCache> caches = loaded.settings().context("prod").externalCaches();
        assertThat(caches).extracting(Settings.ExternalCache::tls).containsExactly(null,
                Settings.TlsSettings.DEFAULTS, new Settings.TlsSettings(false, "", "", "", ""), null);
        assertThat(caches).extracting(Settings.ExternalCache::allowCleartextPassword).containsOnly(false);
        assertThat(loaded.settings().context("prod").cacheTls()).isEmpty();
    }
}
