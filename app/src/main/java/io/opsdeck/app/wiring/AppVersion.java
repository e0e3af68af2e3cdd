package io.opsdeck.app.wiring;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Opsdeck's version as the build wrote it, for the window, the user agent and {@code --version}. */
public final class AppVersion {
    private AppVersion() {
    }

    /** The version from the pom; {@code unknown} when the build wrote none. */
    public static String opsdeck() {
        Properties p = new Properties();
        try (InputStream in = AppVersion.class.getResourceAsStream("/io/opsdeck/app/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
