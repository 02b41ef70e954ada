package dev.spoon.llm.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecureFilesTest {
    @TempDir
    Path tmp;

    @Test
    void newFoldersAreUserOnlyAndFilesToo() throws IOException {
        Path file = tmp.resolve("a/b/c.json");
        SecureFiles.writeAtomically(file, "{\"x\":1}");
        assertThat(Files.readString(file)).isEqualTo("{\"x\":1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a"))))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("a/b"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("export.har");
        SecureFiles.writeAtomically(file, "old, good content");
        assertThatThrownBy(() -> SecureFiles.writeAtomically(file, out -> {
            out.write("half of the new".getBytes());
            throw new IOException("killed mid-write");
        })).hasMessage("killed mid-write");
        assertThat(Files.readString(file)).isEqualTo("old, good content");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("export.har");
        }
    }

    @Test
    void replacingAWorldReadableFileLeavesAUserOnlyOne() throws IOException {
        Path file = tmp.resolve("old.json");
        Files.writeString(file, "x");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecureFiles.writeAtomically(file, "y");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
