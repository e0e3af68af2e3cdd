package io.opsdeck.app.settings;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes {@link Settings} as pretty-printed JSON in one file.
 *
 * <p>A file that cannot be understood is never deleted and never silently overwritten: it is renamed
 * to {@code settings.json.corrupt-<UTC time>} beside the original, and Opsdeck starts with defaults
 * and a warning the user can act on. Saves go through a temporary file and an atomic rename, so a
 * crash mid-save leaves either the old file or the new one.
 *
 * <p>Thread-safe: {@link #load()} and {@link #save(Settings)} may be called from any thread.
 */
public final class SettingsStore {

    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * What {@link #load()} found.
     *
     * @param settings the settings to use; defaults when the file was missing or unreadable
     * @param warning  a sentence for the user when their file could not be used
     */
    public record LoadResult(Settings settings, Optional<String> warning) {
        public LoadResult {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(warning, "warning");
        }
    }

    private final Path file;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    public SettingsStore(Path file) {
        this(file, Clock.systemUTC());
    }

    /** For tests: {@code clock} names the {@code .corrupt-} copies. */
    SettingsStore(Path file, Clock clock) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        // "key": value rather than Jackson's default "key" : value
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter().withSeparators(
                Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        this.writer = mapper.writer(printer);
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the settings file. A missing file gives defaults without a warning; a file that is not
     * valid settings JSON is moved aside (see the class comment), logged once, and gives defaults
     * with a warning. Never throws for a bad file.
     */
    public synchronized LoadResult load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new LoadResult(Settings.defaults(), Optional.empty());
        } catch (IOException e) {
            // Not corrupt, just unreadable right now (permissions, a directory in its place): leave it.
            return withWarning("Settings file " + file + " could not be read (" + describe(e)
                    + "); Opsdeck started with default settings.");
        }

        String problem;
        try {
            JsonNode tree = mapper.readTree(bytes);
            if (tree == null || tree.isMissingNode()) {
                problem = "the file is empty";
            } else if (!tree.isObject()) {
                problem = "it holds " + nodeKind(tree) + " where a JSON object was expected";
            } else {
                return new LoadResult(mapper.treeToValue(tree, Settings.class), Optional.empty());
            }
        } catch (IOException e) {
            problem = describe(e);
        } catch (IllegalArgumentException e) {
            problem = "it does not match the settings format";
        }
        return withWarning(moveAside(problem));
    }

    /**
     * Writes {@code settings} atomically, creating the directory if needed.
     *
     * @throws IOException with a message naming the file and the reason; the previous file, if any,
     *                     is left as it was
     */
    public synchronized void save(Settings settings) throws IOException {
        Objects.requireNonNull(settings, "settings");
        byte[] json;
        try {
            json = (writer.writeValueAsString(settings) + System.lineSeparator())
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IOException("Could not save settings to " + file + ": " + e.getOriginalMessage(), e);
        }

        Path dir = file.getParent();
        Path tmp = null;
        try {
            PrivateFiles.directory(dir);
            // 0600 from the start: the file is moved into place, never copied
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp", PrivateFiles.fileAttributes(dir));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(json);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new IOException("Could not save settings to " + file + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the save already failed and says so; a stray temp file is the lesser problem
                }
            }
        }
    }

    /** Renames (or, failing that, copies) the bad file aside and returns the warning to show. */
    private String moveAside(String problem) {
        String start = "Settings file " + file + " could not be read (" + problem + ")";
        String base = file.getFileName() + ".corrupt-" + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base);
        try {
            for (int n = 1; ; n++) {
                try {
                    Files.move(file, target);
                    return start + "; it was moved to " + target
                            + ", and Opsdeck started with default settings.";
                } catch (FileAlreadyExistsException e) {
                    if (n >= 100) {
                        throw e;
                    }
                    target = file.resolveSibling(base + "-" + n);
                }
            }
        } catch (IOException moveFailed) {
            // Windows refuses to rename a file another program holds open; a copy still keeps it safe.
            try {
                Files.copy(file, target);
                return start + "; it was copied to " + target
                        + ", and Opsdeck started with default settings.";
            } catch (IOException copyFailed) {
                return start + " and could not be moved aside (" + describe(moveFailed)
                        + "); Opsdeck started with default settings and will replace it on the next"
                        + " save, so copy it somewhere now if you need it.";
            }
        }
    }

    private static LoadResult withWarning(String warning) {
        log.warn(warning);
        return new LoadResult(Settings.defaults(), Optional.of(warning));
    }

    // Jackson's own messages quote file content, so they are summarised instead: no settings
    // content reaches the log or the warning.
    private static String describe(JsonProcessingException e) {
        if (e instanceof StreamReadException) {
            JsonLocation where = e.getLocation();
            String at = where == null || where.getLineNr() < 0 ? ""
                    : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            return e instanceof JsonEOFException
                    ? "it is not valid JSON: it ends too early" + at + ", perhaps cut off mid-write"
                    : "it is not valid JSON: syntax error" + at;
        }
        String path = e instanceof JsonMappingException mapping ? path(mapping) : "";
        if (e instanceof ValueInstantiationException && e.getCause() != null) {
            return (path.isEmpty() ? "" : "'" + path + "': ") + e.getCause().getMessage();
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return "it has more content after the JSON object";
        }
        return path.isEmpty() ? "it does not match the settings format"
                : "'" + path + "' has the wrong type";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return describe(json);
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or directory: " + missing.getFile();
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String nodeKind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    // Makes the rename itself durable on POSIX; Windows cannot open a directory, and does not need to.
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort
        }
    }
}
