package io.opsdeck.app.cli;

import io.opsdeck.app.wiring.AppVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code opsdeck --version}: Opsdeck's version from the pom, and the Java and JavaFX runtimes. */
public final class Versions implements IVersionProvider {

    public static String opsdeck() {
        return AppVersion.opsdeck();
    }

    public static String javafx() {
        String v = System.getProperty("javafx.runtime.version");
        if (v == null) {
            try {
                // the runtime's own record of its version; it fills javafx.runtime.version only once started
                v = (String) Class.forName("com.sun.javafx.runtime.VersionInfo").getMethod("getRuntimeVersion")
                        .invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                v = null;
            }
        }
        if (v == null) {
            // JavaFX as named modules (the installers' runtime image): VersionInfo's package is not
            // exported, but the module says its version
            v = ModuleLayer.boot().findModule("javafx.base").flatMap(m -> m.getDescriptor().rawVersion()).orElse(null);
        }
        return v == null ? "unknown" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "Opsdeck " + opsdeck(),
            "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ")",
            "JavaFX " + javafx(),
        };
    }
}
