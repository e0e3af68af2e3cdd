package io.opsdeck.app.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where Opsdeck keeps its files, following each OS's conventions.
 *
 * <ul>
 *   <li>{@code OPSDECK_HOME} set: everything under that directory (logs in {@code logs/}).
 *   <li>Linux and other Unixes: config in {@code $XDG_CONFIG_HOME/opsdeck}
 *       ({@code ~/.config/opsdeck}), state in {@code $XDG_STATE_HOME/opsdeck}
 *       ({@code ~/.local/state/opsdeck}), logs in {@code <state>/logs}.
 *   <li>Windows: {@code %APPDATA%\Opsdeck} for config and state, logs in
 *       {@code %LOCALAPPDATA%\Opsdeck\logs} (logs are machine-local, they need not roam).
 *   <li>macOS: {@code ~/Library/Application Support/Opsdeck}, logs in {@code ~/Library/Logs/Opsdeck}
 *       (where Console.app looks).
 * </ul>
 *
 * <p>Nothing is created on resolution; whoever writes first calls {@link #ensureExists()} or creates
 * the one directory it needs.
 */
public record AppDirs(Path configDir, Path stateDir, Path logDir) {

    public static final String HOME_ENV = "OPSDECK_HOME";

    public AppDirs {
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(logDir, "logDir");
    }

    /** Resolves against this process's environment, {@code os.name} and {@code user.home}. */
    public static AppDirs fromEnvironment() {
        return resolve(System.getenv(), System.getProperty("os.name", ""),
                Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves the directories from explicit inputs, so every OS's rules can be tested anywhere.
     *
     * @param env      environment variables (only {@code OPSDECK_HOME}, {@code XDG_*}, {@code APPDATA}
     *                 and {@code LOCALAPPDATA} are read); blank values count as unset
     * @param osName   the {@code os.name} system property
     * @param userHome the user's home directory
     */
    public static AppDirs resolve(Map<String, String> env, String osName, Path userHome) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(userHome, "userHome");

        String home = nonBlank(env.get(HOME_ENV));
        if (home != null) {
            Path dir = Path.of(home).toAbsolutePath().normalize();
            return new AppDirs(dir, dir, dir.resolve("logs"));
        }

        String os = osName == null ? "" : osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            String appData = nonBlank(env.get("APPDATA"));
            Path base = appData != null
                    ? Path.of(appData)
                    : userHome.resolve("AppData").resolve("Roaming");
            Path dir = base.resolve("Opsdeck");
            String localAppData = nonBlank(env.get("LOCALAPPDATA"));
            Path logs = localAppData != null
                    ? Path.of(localAppData).resolve("Opsdeck").resolve("logs")
                    : dir.resolve("logs");
            return new AppDirs(dir, dir, logs);
        }
        if (os.startsWith("mac") || os.contains("darwin")) {
            Path library = userHome.resolve("Library");
            Path dir = library.resolve("Application Support").resolve("Opsdeck");
            return new AppDirs(dir, dir, library.resolve("Logs").resolve("Opsdeck"));
        }

        Path config = xdg(env, "XDG_CONFIG_HOME", userHome.resolve(".config")).resolve("opsdeck");
        Path state = xdg(env, "XDG_STATE_HOME", userHome.resolve(".local").resolve("state"))
                .resolve("opsdeck");
        return new AppDirs(config, state, state.resolve("logs"));
    }

    /** {@code <config>/settings.json}. */
    public Path settingsFile() {
        return configDir.resolve("settings.json");
    }

    /** {@code <state>/audit.jsonl}: one JSON line per action Opsdeck ran against a cluster. */
    public Path auditLog() {
        return stateDir.resolve("audit.jsonl");
    }

    /** Creates the config, state and log directories if they are missing, 0700 on POSIX ({@link PrivateFiles}). */
    public void ensureExists() throws IOException {
        PrivateFiles.directory(configDir);
        PrivateFiles.directory(stateDir);
        PrivateFiles.directory(logDir);
    }

    // The XDG spec says relative values are invalid and must be ignored.
    private static Path xdg(Map<String, String> env, String name, Path fallback) {
        String value = nonBlank(env.get(name));
        if (value != null) {
            Path path = Path.of(value);
            if (path.isAbsolute()) {
                return path;
            }
        }
        return fallback;
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
