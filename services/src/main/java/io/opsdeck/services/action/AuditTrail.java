package io.opsdeck.services.action;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The durable audit trail: one JSON object a line, appended under a file lock and synced to disk
 * before {@link #append} returns, so a console killed mid-action leaves its intent. The file is the
 * user's alone (0600, its directory 0700 on POSIX).
 */
public final class AuditTrail {
    private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
    /** A line longer than this is not the trail's own: skipped when read. */
    private static final int MAX_LINE = 256 * 1024;
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path file;
    private final ObjectMapper json = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public AuditTrail(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Appends one line and syncs it. @throws IOException when it could not be made durable */
    public synchronized void append(AuditEntry entry) throws IOException {
        byte[] line = (json.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        FileAttribute<?>[] attrs = POSIX
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        try (FileChannel ch = FileChannel.open(file, options, attrs); FileLock ignored = ch.lock()) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    /**
     * Every action in the trail, newest first: an intent and its outcome become one entry; an intent
     * with no outcome is {@code incomplete}. Lines that cannot be read are skipped and logged.
     */
    public List<AuditEntry> read() {
        if (!Files.isReadable(file)) {
            return List.of();
        }
        Map<String, AuditEntry> byId = new LinkedHashMap<>();
        int bad = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.length() > MAX_LINE) {
                    bad++;
                    continue;
                }
                try {
                    AuditEntry e = json.readValue(line, AuditEntry.class);
                    if (e.id() == null) {
                        bad++;
                        continue;
                    }
                    AuditEntry before = byId.get(e.id());
                    byId.put(e.id(), before == null || !e.isIntent() ? merge(before, e) : before);
                } catch (IOException ex) {
                    bad++;
                }
            }
        } catch (IOException e) {
            LOG.warn("The audit trail {} could not be read: {}", file, e.toString());
        }
        if (bad > 0) {
            LOG.warn("{} line(s) of the audit trail {} could not be read and were skipped", bad, file);
        }
        List<AuditEntry> out = new ArrayList<>();
        for (AuditEntry e : byId.values()) {
            out.add(e.isIntent() ? new AuditEntry(e.id(), e.time(), AuditEntry.INTENT, e.context(), e.server(), e.user(),
                    e.action(), e.target(), e.parameters(), e.plan(), AuditEntry.INCOMPLETE,
                    "No outcome was recorded: Opsdeck stopped while this action ran. Check the object's state.",
                    null, e.undo(), e.details()) : e);
        }
        // newest first: by time, and among equal times the later line first
        java.util.Collections.reverse(out);
        out.sort(Comparator.comparing(AuditTrail::instant).reversed());
        return out;
    }

    private static java.time.Instant instant(AuditEntry e) {
        try {
            return java.time.Instant.parse(e.time());
        } catch (RuntimeException ex) {
            return java.time.Instant.EPOCH;
        }
    }

    /** The outcome line carries everything; keep the intent's time (when the action started). */
    private static AuditEntry merge(AuditEntry intent, AuditEntry outcome) {
        if (intent == null) {
            return outcome;
        }
        return new AuditEntry(outcome.id(), intent.time(), outcome.phase(), outcome.context(), outcome.server(),
                outcome.user(), outcome.action(), outcome.target(), outcome.parameters(), outcome.plan(), outcome.result(),
                outcome.message(), outcome.durationMs(), outcome.undo(), outcome.details());
    }
}
