package io.github.llr4j.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The lock of a run folder: an operating-system lock on {@code <run>/.lock}, which holds the pid of
 * the holder. A second process is refused with a {@link RunStoppedException} naming that pid; the operating system
 * releases the lock when the holder dies (even by SIGKILL), so a stale lock file is simply taken
 * over. Within one JVM the lock is re-entrant (the task and its trainer share it), counted per
 * folder. The file stays after release: deleting it could let two processes lock two different
 * files of the same name.
 */
public final class RunLock {
  /** File name of the lock inside the run folder. */
  public static final String FILE = ".lock";

  private record Held(FileChannel channel, FileLock lock, int count) {}

  private static final Map<Path, Held> HELD = new HashMap<>();

  private RunLock() {}

  /** Locks {@code dir} (an existing folder) for this process, or fails naming the holder. */
  public static synchronized void acquire(Path dir) {
    Path key = key(dir);
    Held h = HELD.get(key);
    if (h != null) {
      HELD.put(key, new Held(h.channel(), h.lock(), h.count() + 1));
      return;
    }
    Path file = key.resolve(FILE);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        String holder = readHolder(file);
        ch.close();
        throw new RunStoppedException("output folder " + dir + " is in use by another training (process "
            + holder + " holds " + file + "); wait for it to finish or choose another --out");
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
      ch.force(true);
      HELD.put(key, new Held(ch, lock, 1));
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Releases one hold of {@code dir}; the last release unlocks it. */
  public static synchronized void release(Path dir) {
    Path key = key(dir);
    Held h = HELD.get(key);
    if (h == null) return;
    if (h.count() > 1) {
      HELD.put(key, new Held(h.channel(), h.lock(), h.count() - 1));
      return;
    }
    HELD.remove(key);
    try {
      h.lock().release();
    } catch (IOException ignored) {
      // closing the channel below releases it as well
    }
    closeQuietly(h.channel());
  }

  /** Whether this JVM holds the lock of {@code dir}. */
  public static synchronized boolean heldHere(Path dir) {
    return HELD.containsKey(key(dir));
  }

  private static String readHolder(Path file) {
    try {
      String s = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return s.matches("\\d{1,19}") ? s : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static Path key(Path dir) {
    try {
      return dir.toRealPath();
    } catch (IOException e) {
      return dir.toAbsolutePath().normalize();
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
