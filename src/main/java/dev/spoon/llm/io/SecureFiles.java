package dev.spoon.llm.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The one way Spoon writes the user's files (DESIGN.md "Under bad conditions", Files): folders it creates are
 * {@code 0700}, files {@code 0600}, and whole-file writes are atomic (a temporary file in the same folder,
 * flushed, then renamed over the target), so a crash leaves the old file or the new one, never half of one.
 * On a file system without POSIX permissions the permission part is skipped. Thread-safe (no state).
 */
public final class SecureFiles {
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    /** Writes the content of one whole file into {@code out}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private SecureFiles() {
    }

    /**
     * Creates {@code dir} and any missing parents; the folders this call creates are user-only ({@code 0700}).
     * Existing folders keep their permissions.
     */
    public static Path createPrivateDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            return dir;
        }
        Path parent = abs.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            createPrivateDirectories(parent);
        }
        try {
            Files.createDirectory(abs, dirAttribute(abs));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(abs)) {
                throw e;
            }
        }
        return dir;
    }

    /** Writes {@code text} as UTF-8 to {@code file} atomically, user-only. */
    public static void writeAtomically(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeAtomically(file, out -> out.write(bytes));
    }

    /**
     * Writes {@code file} atomically, user-only: {@code content} goes to a temporary file beside it, which is
     * forced to disk and renamed over {@code file}. When {@code content} throws, the temporary file is deleted
     * and {@code file} is untouched.
     */
    public static void writeAtomically(Path file, Content content) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        createPrivateDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp", fileAttributes(dir));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes {@code file} user-only ({@code 0600}) where the file system has POSIX permissions. */
    public static void restrictToUser(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Files.isDirectory(file) ? DIR : FILE);
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    /** The attribute that makes a new file user-only, or none where the file system has no POSIX permissions. */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return isPosix(dir) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] dirAttribute(Path dir) {
        Path existing = dir.getParent();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && isPosix(existing)
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(DIR)} : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path p) {
        try {
            return Files.getFileStore(p).supportsFileAttributeView("posix");
        } catch (IOException e) {
            return false;
        }
    }
}
