package dev.spoon.llm.debug;

import dev.spoon.llm.io.SecureFiles;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
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
 *   <li>a batch of records is written as complete lines (streamed in 64 KB pieces) while holding the file's
 *   exclusive {@link FileLock} (after the in-process lock, {@link DailyFiles#lockOf}), at the file's end as seen
 *   under the lock, so lines of different writers never interleave (readers wait for a line's newline);</li>
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
            int from = i;
            while (i < records.size() && target(records.get(i)).equals(target)) {
                i++;
            }
            write(target, records.subList(from, i));
        }
    }

    /** Writes at a position of a channel, moving on (the appender's stream to the end of a locked file). */
    private static final class ChannelOut extends java.io.OutputStream {
        private final FileChannel ch;
        private long at;

        ChannelOut(FileChannel ch, long at) {
            this.ch = ch;
            this.at = at;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        }
    }

    private Path target(DebugRecord r) {
        return fixedFile != null ? fixedFile
                : logDir.resolve(DailyFiles.fileName(LocalDate.ofInstant(r.ts(), ZoneOffset.UTC)));
    }

    /**
     * Writes the lines of {@code records} at the end of {@code file} under its locks, streamed from the JSON
     * generator through a 64 KB buffer: a record holding 150,000 stream chunks is never built in memory as a
     * whole (its copies made the garbage collector pause the workbench at the end of a long answer).
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    private void write(Path file, List<DebugRecord> records) throws IOException {
        FileChannel ch = channelFor(file);
        ReentrantLock inProcess = DailyFiles.lockOf(file);
        inProcess.lock();
        try (FileLock ignored = lock(ch)) {
            long end = ch.size();
            java.io.OutputStream out = new java.io.BufferedOutputStream(new ChannelOut(ch, end), 1 << 16);
            if (end > 0 && !endsWithNewline(ch, end)) {
                out.write('\n'); // end the line a killed writer left behind
            }
            for (DebugRecord r : records) {
                RecordJson.writeLine(r, out);
                out.write('\n');
            }
            out.flush();
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
