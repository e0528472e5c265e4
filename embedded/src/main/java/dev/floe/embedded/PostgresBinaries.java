package dev.floe.embedded;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/** Unpacks the PostgreSQL binaries shipped as a Maven Central artifact into a shared cache directory, once. */
final class PostgresBinaries {

    private static final String CACHE_PROPERTY = "floe.embedded.cache";

    private PostgresBinaries() {
    }

    /** The installation root (with {@code bin/}, {@code lib/}, {@code share/}), extracted on first use. */
    static Path install() {
        String version = bundledVersion();
        Path root = cacheRoot().resolve("postgres-" + version + "-" + archiveName().replace(".txz", ""));
        if (Files.isExecutable(root.resolve("bin/postgres"))) {
            return root;
        }
        try {
            Files.createDirectories(root.getParent());
            // Several JVMs (tests, brokers, the agent) may start at once: one extracts, the others wait.
            try (FileChannel lockFile = FileChannel.open(root.resolveSibling(root.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lockFile.lock()) {
                if (!Files.isExecutable(root.resolve("bin/postgres"))) {
                    extractAtomically(root);
                }
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the embedded PostgreSQL binaries into " + root, e);
        }
    }

    private static void extractAtomically(Path root) throws IOException {
        Path staging = Files.createTempDirectory(root.getParent(), root.getFileName() + ".staging");
        try (InputStream archive = openArchive();
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = staging.resolve(entry.getName()).normalize();
                if (!target.startsWith(staging)) {
                    throw new IOException("archive entry escapes its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createLink(target, staging.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(staging, root, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
        if ((mode & 0100) != 0) {
            result.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                    PosixFilePermission.OTHERS_EXECUTE));
        }
        return result;
    }

    private static InputStream openArchive() {
        InputStream in = PostgresBinaries.class.getResourceAsStream("/" + archiveName());
        if (in == null) {
            throw new IllegalStateException("no embedded PostgreSQL binaries for this platform on the classpath: "
                    + archiveName());
        }
        return in;
    }

    private static String archiveName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (!os.contains("linux")) {
            throw new IllegalStateException("embedded PostgreSQL is packaged for Linux only; set a database URL on "
                    + System.getProperty("os.name"));
        }
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "postgres-linux-x86_64.txz";
            case "aarch64", "arm64" -> "postgres-linux-arm_64.txz";
            default -> throw new IllegalStateException("no embedded PostgreSQL binaries for architecture " + arch);
        };
    }

    private static String bundledVersion() {
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("postgres.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path cacheRoot() {
        String configured = System.getProperty(CACHE_PROPERTY, System.getenv("FLOE_EMBEDDED_CACHE"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "floe");
    }
}
