package io.github.llr4j.core.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a crash (power loss, SIGKILL) at any moment leaves either the old or the
 * new content, never a mix or a truncated file: the bytes go to {@code <name>.tmp} in the same
 * folder, are forced to disk, the temp file is renamed over the target and the folder entry is
 * forced too (POSIX rename is atomic within one file system).
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  /** Writes {@code bytes} to {@code file} atomically and durably. */
  public static void write(Path file, byte[] bytes) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
        ch.force(true);
      }
      FaultPoints.reach("atomic-write:" + file.getFileName());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      syncFolder(file.toAbsolutePath().getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Forces every regular file in {@code folder} (not recursive) and the folder's entries to disk. */
  public static void syncFilesIn(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (!Files.isRegularFile(f)) continue;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    }
    syncFolder(folder);
  }

  /** Forces a folder's entries (creations, renames) to disk; a no-op where folders cannot be opened. */
  public static void syncFolder(Path folder) throws IOException {
    if (folder == null) return;
    try (FileChannel ch = FileChannel.open(folder, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // some platforms (Windows) cannot open a folder; the rename itself is still atomic there
    }
  }
}
