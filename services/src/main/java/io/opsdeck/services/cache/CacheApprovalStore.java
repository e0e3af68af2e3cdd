package io.opsdeck.services.cache;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.opsdeck.services.model.CacheAddress;
import io.opsdeck.services.model.CacheApprovalRequest;
import io.opsdeck.services.model.CacheKind;
import io.opsdeck.services.model.CacheTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The pairings of external cache address and {@code secret:} reference that the user approved, in a
 * file of their own ({@code cache-approvals.json} in the app's data directory, 0600), never in the
 * settings file: a settings file from someone else names an address and a Secret, and must not be
 * able to approve sending one to the other. An approval is of one (context, address, reference)
 * triple and the way the password travels there ({@link #connection}); changing any of them needs a new
 * one. The file holds no password, only references.
 * The file is read again when it changes, so an approval given on the command line reaches an open
 * window; a file that others may write, that another user owns, or that is not a plain file (a symbolic link,
 * a pipe) is not trusted: its approvals are ignored, and it says so.
 */
public final class CacheApprovalStore {
    public static final String FILE_NAME = "cache-approvals.json";
    private static final Logger LOG = LoggerFactory.getLogger(CacheApprovalStore.class);
    private static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).findAndAddModules().build();

    private final Path file;
    private final String context;
    private final Clock clock;
    private List<Approval> approvals = List.of();
    private FileTime readStamp;
    private long readSize = -1;

    /** One approved pairing, as stored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Approval(String context, String address, String secretRef, String connection, String approvedAt) {
    }

    private record Stored(List<Approval> approvals) {
    }

    /**
     * @param file    where approvals are kept; null keeps none (nothing can be approved: e.g. a test
     *                or a command that must not write)
     * @param context the context whose Secrets the approvals concern
     */
    public CacheApprovalStore(Path file, String context, Clock clock) {
        this.file = file;
        this.context = context == null ? "" : context;
        this.clock = clock;
    }

    /** Keeps no approvals: every password reference of an external cache waits. */
    public static CacheApprovalStore none() {
        return new CacheApprovalStore(null, "", Clock.systemUTC());
    }

    public String context() {
        return context;
    }

    /** What the user would approve for {@code cache}; empty when it has no password reference (or is a Memcached). */
    public java.util.Optional<CacheApprovalRequest> requestFor(CacheAddress cache) {
        // Memcached's text protocol has no password: there is nothing to send, so nothing to approve
        String ref = cache.kind() == CacheKind.MEMCACHED ? "" : normalised(cache.passwordRef());
        return ref.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of(new CacheApprovalRequest(context, cache.name(), cache.address(), ref,
                connection(cache)));
    }

    /**
     * How the password would travel to {@code cache}, part of what is approved: settings changed later to send
     * it less protected (TLS or its verification off, another CA file or certificate name) need a new approval.
     */
    static String connection(CacheAddress cache) {
        CacheTls tls = cache.tls();
        if (!tls.enabled()) {
            return "without TLS";
        }
        if (!tls.verify()) {
            return "over TLS without checking its certificate";
        }
        List<String> how = new ArrayList<>();
        if (!tls.caFile().isEmpty()) {
            how.add("CA file " + tls.caFile());
        }
        if (!tls.serverName().isEmpty()) {
            how.add("certificate name " + tls.serverName());
        }
        return "over TLS" + (how.isEmpty() ? "" : " (" + String.join(", ", how) + ")");
    }

    /** True when this exact pairing was approved in this context. */
    public synchronized boolean approved(CacheApprovalRequest request) {
        reloadIfChanged();
        return approvals.stream().anyMatch(a -> matches(a, request));
    }

    /**
     * Records the approval of {@code request}, written and synced before this returns.
     *
     * @throws IOException when it could not be written: then it is not given
     */
    public synchronized void approve(CacheApprovalRequest request) throws IOException {
        if (file == null) {
            throw new IOException("Approvals cannot be kept here (no data directory)");
        }
        if (!request.context().equals(context) || normalised(request.secretRef()).isEmpty()) {
            throw new IllegalArgumentException("not a pairing of this context: " + request);
        }
        reloadIfChanged();
        List<Approval> next = new ArrayList<>(approvals);
        next.removeIf(a -> a.context().equals(context) && a.address().equals(request.address())
                && a.secretRef().equals(request.secretRef()));
        next.add(new Approval(context, request.address(), request.secretRef(), request.connection(),
                clock.instant().toString()));
        write(next);
        approvals = List.copyOf(next);
        LOG.info("Approved sending the password from {} to {} (context {})", request.source(),
                request.address(), context);
    }

    /** {@code secret:namespace/name#key} for a Secret reference, whatever its spelling; empty for any other. */
    static String normalised(String ref) {
        if (ref == null) {
            return "";
        }
        Matcher m = CacheAddress.SECRET_REFERENCE.matcher(ref.trim());
        if (m.matches()) {
            return "secret:" + m.group(1) + "/" + m.group(3) + "#" + m.group(5);
        }
        // an environment variable is as much the user's secret as a Secret: a settings file from someone
        // else must not send $AWS_SECRET_ACCESS_KEY to an address of its choosing without asking
        Matcher e = CacheAddress.ENV_REFERENCE.matcher(ref.trim());
        return e.matches() ? "env:" + e.group(1) : "";
    }

    private static boolean matches(Approval a, CacheApprovalRequest r) {
        return r.context().equals(a.context()) && r.address().equals(a.address())
                && r.secretRef().equals(normalised(a.secretRef())) && r.connection().equals(a.connection());
    }

    private void reloadIfChanged() {
        if (file == null) {
            return;
        }
        try {
            FileTime stamp = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (stamp.equals(readStamp) && size == readSize) {
                return;
            }
            readStamp = stamp;
            readSize = size;
            approvals = read();
        } catch (NoSuchFileException e) {
            approvals = List.of();
            readStamp = null;
            readSize = -1;
        } catch (IOException e) {
            LOG.warn("The cache approvals in {} could not be read ({}); every Secret pairing waits for approval",
                    file, e.getMessage());
            approvals = List.of();
        }
    }

    private List<Approval> read() throws IOException {
        // the file itself, never where a link leads: a link or a FIFO put in its place is not read (a FIFO would block)
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            LOG.warn("The cache approvals in {} are ignored: it is not a plain file ({}); remove it and approve again",
                    file, attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory" : "a device or pipe");
            return List.of();
        }
        if (posix()) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                LOG.warn("The cache approvals in {} are ignored: others may write that file ({}); remove it and"
                        + " approve again", file, PosixFilePermissions.toString(perms));
                return List.of();
            }
            UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
            UserPrincipal me = currentUser();
            if (me != null && !me.equals(owner)) {
                LOG.warn("The cache approvals in {} are ignored: the file belongs to {}, not to {}; remove it and"
                        + " approve again", file, owner.getName(), me.getName());
                return List.of();
            }
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("it is larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        Stored s = JSON.readValue(bytes, Stored.class);
        List<Approval> out = new ArrayList<>();
        if (s != null && s.approvals() != null) {
            for (Approval a : s.approvals()) {
                if (a != null && a.context() != null && a.address() != null && !normalised(a.secretRef()).isEmpty()) {
                    out.add(a);
                }
            }
        }
        return List.copyOf(out);
    }

    private void write(List<Approval> next) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        FileAttribute<?>[] dirAttrs = posix() ? new FileAttribute<?>[]{
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))} : new FileAttribute<?>[0];
        FileAttribute<?>[] fileAttrs = posix() ? new FileAttribute<?>[]{
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))} : new FileAttribute<?>[0];
        Files.createDirectories(dir, dirAttrs);
        Path tmp = Files.createTempFile(dir, "." + FILE_NAME + ".", ".tmp", fileAttrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(next)));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        readStamp = Files.getLastModifiedTime(file);
        readSize = Files.size(file);
    }

    /** The user this process runs as; null when the system cannot say (then ownership is not checked). */
    private UserPrincipal currentUser() {
        try {
            return file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name", ""));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private boolean posix() {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
