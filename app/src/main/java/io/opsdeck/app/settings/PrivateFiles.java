package io.opsdeck.app.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only the user can read: directories 0700, files 0600 on POSIX file systems
 * (elsewhere, Windows' per-user profile directories already are). Settings, logs and the audit trail
 * name clusters, contexts and users; another local account has no business reading them.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {
    }

    /**
     * Creates {@code dir} and its missing parents as 0700 and narrows {@code dir} itself to 0700 when
     * it already existed more open (as earlier versions created it).
     */
    public static Path directory(Path dir) throws IOException {
        if (!posix(dir)) {
            return Files.createDirectories(dir);
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        narrow(dir, DIRECTORY);
        return dir;
    }

    /** Creates {@code file} empty as 0600 if it is missing, else narrows it to 0600. */
    public static void file(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        if (Files.notExists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                return;
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // someone else made it meanwhile: narrow theirs
            }
        }
        narrow(file, FILE);
    }

    /** The attribute to create a private file with, or none where POSIX permissions do not exist. */
    public static FileAttribute<?>[] fileAttributes(Path where) {
        return posix(where) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static void narrow(Path path, Set<PosixFilePermission> wanted) throws IOException {
        if (!Files.getPosixFilePermissions(path).equals(wanted)) {
            Files.setPosixFilePermissions(path, wanted);
        }
    }

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
