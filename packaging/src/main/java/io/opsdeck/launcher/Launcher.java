package io.opsdeck.launcher;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

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
        softwareWithoutOpenGl(appDir);
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

    /**
     * Linux without a GPU device (no {@code /dev/dri/renderD*} or {@code card*}, no NVIDIA device,
     * no WSL {@code /dev/dxg}): all OpenGL could give there is Mesa's software rasterizer, which
     * JavaFX declines, drawing in software anyway. GTK would still load Mesa (and LLVM) to probe the
     * X server's GLX visuals, and Prism to try it: ~50 MiB resident and start-up time for nothing. So
     * draw in software from the start ({@code prism.order=sw}) and tell GTK not to touch OpenGL
     * ({@code GDK_GL=disable}, set in this process through the app directory's small JNI library:
     * Java cannot set an environment variable). Anything the user set wins: {@code -Dprism.order},
     * {@code -Dprism.forceGPU=true}, {@code GDK_GL}. Elsewhere, and with any GPU device, nothing changes.
     */
    static void softwareWithoutOpenGl(Path appDir) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")
                || System.getProperty("prism.order") != null || Boolean.getBoolean("prism.forceGPU")
                || System.getenv("GDK_GL") != null || !noGpuDevice(Path.of("/dev"))) {
            return;
        }
        Path library = appDir.resolve("libopsdeck-env.so");
        if (!Files.isRegularFile(library)) {
            return;
        }
        try {
            System.load(library.toString());
            if (setenvIfUnset("GDK_GL", "disable")) {
                System.setProperty("prism.order", "sw");
                // for the app's log (the launcher runs before logging is set up)
                System.setProperty("opsdeck.graphics", "no GPU device under /dev: drawing in software, OpenGL not loaded");
            }
        } catch (UnsatisfiedLinkError e) {
            // not loadable here: JavaFX finds out for itself, as without the library
        }
    }

    /** True when {@code dev} holds no GPU device node (DRM render or card node, NVIDIA, WSL's dxg). */
    static boolean noGpuDevice(Path dev) {
        if (Files.exists(dev.resolve("dxg")) || Files.exists(dev.resolve("nvidia0")) || Files.exists(dev.resolve("nvidiactl"))) {
            return false;
        }
        try (Stream<Path> nodes = Files.list(dev.resolve("dri"))) {
            return nodes.map(p -> p.getFileName().toString()).noneMatch(n -> n.startsWith("renderD") || n.startsWith("card"));
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false; // cannot tell: leave it to JavaFX
        }
    }

    private static native boolean setenvIfUnset(String name, String value);

    /** jpackage's launchers pass their app directory ($APPDIR) as opsdeck.app.dir. */
    private static Path appDir() throws IOException {
        String dir = System.getProperty("opsdeck.app.dir");
        if (dir == null || dir.isBlank()) {
            throw new IOException("opsdeck.app.dir is not set: start Opsdeck with its launcher");
        }
        return Path.of(dir);
    }
}
