package io.opsdeck.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts Opsdeck from the app directory's jars, listed in order in {@code opsdeck.classpath}.
 *
 * <p>Why not the plain class path: on JDK 17 a class-data archive (AppCDS) records the class path
 * by absolute file name and is refused when the app is found anywhere else (another install
 * directory, a .deb unpacked elsewhere, a moved app-image or macOS bundle); JDK 19 lifted that.
 * Classes from the runtime image, and classes that a class loader of the application's own defines,
 * are matched by content instead, so the installers ship an archive that works wherever they are
 * installed. The jars are opened by a {@link URLClassLoader} whose parent is the system class loader:
 * JavaFX, in the runtime image, is found there as named modules.
 */
public final class Launcher {
    private static final String MAIN_CLASS = "io.opsdeck.app.Main";

    private Launcher() {
    }

    public static void main(String[] args) throws Throwable {
        Path appDir = appDir();
        List<URL> urls = new ArrayList<>();
        for (String line : Files.readAllLines(appDir.resolve("opsdeck.classpath"))) {
            String jar = line.strip();
            if (!jar.isEmpty() && !jar.startsWith("#")) {
                urls.add(appDir.resolve(jar).toUri().toURL());
            }
        }
        ClassLoader loader = new URLClassLoader("opsdeck", urls.toArray(URL[]::new), ClassLoader.getSystemClassLoader());
        // threads started from here (the JavaFX threads among them) inherit it; ServiceLoader,
        // logging and style sheets named without a scheme look there
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(MAIN_CLASS, true, loader).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** jpackage's launchers pass their app directory ($APPDIR) as opsdeck.app.dir. */
    private static Path appDir() throws IOException {
        String dir = System.getProperty("opsdeck.app.dir");
        if (dir == null || dir.isBlank()) {
            throw new IOException("opsdeck.app.dir is not set: start Opsdeck with its launcher");
        }
        return Path.of(dir);
    }
}
