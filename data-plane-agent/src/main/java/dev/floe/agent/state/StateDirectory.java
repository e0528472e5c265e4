package dev.floe.agent.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent's only durable memory: small JSON files written atomically (write temp, fsync, rename) so a
 * SIGKILL at any instant leaves either the old or the new content, never half a file.
 */
public final class StateDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path root;
    private final JsonMapper json;

    public StateDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.json = mapper();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + this.root, e);
        }
    }

    /** The JSON mapper every agent component shares: tolerant of fields newer peers add. */
    public static JsonMapper mapper() {
        return JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build();
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public <T> Optional<T> read(String relative, Class<T> type) {
        Path file = root.resolve(relative);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(json.readValue(file.toFile(), type));
    }

    public void write(String relative, Object value) {
        writeBytes(relative, json.writeValueAsBytes(value), false);
    }

    /** Secrets (agent credentials) get mode 0600 from the moment the file exists, not after a chmod. */
    public void writeSecret(String relative, Object value) {
        writeBytes(relative, json.writeValueAsBytes(value), true);
    }

    public void delete(String relative) {
        try {
            Files.deleteIfExists(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writeBytes(String relative, byte[] bytes, boolean secret) {
        Path target = root.resolve(relative);
        try {
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            if (secret) {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    /**
     * Holds an exclusive lock on the state directory for the life of the process, so two agents never
     * reconcile the same resources. The OS drops the lock when the process dies, even on SIGKILL.
     */
    public FileLock lockExclusively() {
        Path lockFile = root.resolve("agent.lock");
        try {
            try {
                Files.createFile(lockFile);
            } catch (FileAlreadyExistsException ignored) {
                // a previous run left it; the lock, not the file, is what counts
            }
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IllegalStateException("another agent already uses state directory " + root);
            }
            return lock;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
