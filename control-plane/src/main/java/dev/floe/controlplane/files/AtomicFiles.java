package dev.floe.controlplane.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files the service leaves for people and scripts on this machine (ids, generated secrets). They are written to a
 * sibling and moved into place, so a reader never sees half a value; secrets are readable by their owner only from
 * the moment they exist.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes {@code value} and a newline. */
    public static void write(Path file, String value) {
        write(file, value, false);
    }

    /** As {@link #write}, with mode 0600. */
    public static void writeOwnerOnly(Path file, String value) {
        write(file, value, true);
    }

    private static void write(Path file, String value, boolean ownerOnly) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            if (ownerOnly) {
                Files.createFile(temporary,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            Files.writeString(temporary, value + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
