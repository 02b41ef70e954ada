package dev.spoon.llm.debug;

import dev.spoon.llm.io.SecureFiles;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Appends debug-log records as JSON Lines to their file (the day's file in the log folder, or the one
 * configured file), safely when several processes append to the same file at once (20 CLI chats, the
 * workbench and a gateway):
 *
 * <ul>
 *   <li>a batch of records is one write of complete lines, made while holding the file's exclusive
 *   {@link FileLock} (after the in-process lock, {@link DailyFiles#lockOf}), at the file's end as seen under
 *   the lock, so lines of different writers never interleave;</li>
 *   <li>when the file does not end with a newline (a writer was killed in the middle of its write), the next
 *   write first ends that broken line, so the damage stays one unreadable line and the next record is not glued
 *   to it;</li>
 *   <li>the folder this creates is user-only ({@code 0700}; the log folder itself is made so), files are
 *   {@code 0600}.</li>
 * </ul>
 *
 * <p>Used by one thread at a time (the logger's writer thread).
 */
final class JsonlAppender implements Closeable {
    private static final Set<StandardOpenOption> OPEN = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            StandardOpenOption.CREATE);

    private final Path fixedFile;
    private final Path logDir;
    private FileChannel channel;
    private Path current;

    /**
     * @param fixedFile the one file to append to, or null for daily files in {@code logDir}
     * @param logDir    the folder of the daily files
     */
    JsonlAppender(Path fixedFile, Path logDir) {
        this.fixedFile = fixedFile;
        this.logDir = logDir;
    }

    /** The file appended to last, or null. */
    Path currentFile() {
        return current;
    }

    /** Appends {@code records} (each to the file of its day), one locked write per file. */
    void append(List<DebugRecord> records) throws IOException {
        int i = 0;
        while (i < records.size()) {
            Path target = target(records.get(i));
            ByteArrayOutputStream batch = new ByteArrayOutputStream(4096);
            while (i < records.size() && target(records.get(i)).equals(target)) {
                batch.write(RecordJson.line(records.get(i)).getBytes(StandardCharsets.UTF_8));
                batch.write('\n');
                i++;
            }
            write(target, batch.toByteArray());
        }
    }

    private Path target(DebugRecord r) {
        return fixedFile != null ? fixedFile
                : logDir.resolve(DailyFiles.fileName(LocalDate.ofInstant(r.ts(), ZoneOffset.UTC)));
    }

    /** Writes {@code lines} (complete lines) at the end of {@code file} under its locks. */
    @SuppressWarnings("try") // the lock is held for the block, never read
    private void write(Path file, byte[] lines) throws IOException {
        FileChannel ch = channelFor(file);
        ReentrantLock inProcess = DailyFiles.lockOf(file);
        inProcess.lock();
        try (FileLock ignored = lock(ch)) {
            long end = ch.size();
            ByteBuffer buf;
            if (end > 0 && !endsWithNewline(ch, end)) {
                buf = ByteBuffer.allocate(lines.length + 1);
                buf.put((byte) '\n').put(lines).flip(); // end the line a killed writer left behind
            } else {
                buf = ByteBuffer.wrap(lines);
            }
            long at = end;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        } finally {
            inProcess.unlock();
        }
    }

    /** The file's exclusive lock, or null where the file system has no locks (then the in-process lock only). */
    private static FileLock lock(FileChannel ch) throws IOException {
        try {
            return ch.lock();
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean endsWithNewline(FileChannel ch, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
    }

    private FileChannel channelFor(Path file) throws IOException {
        if (file.equals(current) && channel != null && channel.isOpen()) {
            return channel;
        }
        close();
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            SecureFiles.createPrivateDirectories(dir);
            if (fixedFile == null) {
                restrict(dir); // the log folder, even one an older version made 0755
            }
        }
        boolean existed = Files.exists(file);
        channel = FileChannel.open(file, OPEN, SecureFiles.fileAttributes(dir == null ? file : dir));
        if (existed) {
            restrict(file);
        }
        current = file;
        return channel;
    }

    /** Makes {@code p} user-only when this user owns it; someone else's file is written as it is. */
    private static void restrict(Path p) {
        try {
            SecureFiles.restrictToUser(p);
        } catch (IOException notOurs) {
            // not the owner: keep its permissions
        }
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            FileChannel c = channel;
            channel = null;
            c.close();
        }
    }
}
