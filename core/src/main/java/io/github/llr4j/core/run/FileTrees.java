package io.github.llr4j.core.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deleting a folder with everything in it (checkpoint swaps, a data-parallel worker's scratch folder). */
public final class FileTrees {
  private FileTrees() {}

  /** Deletes {@code p} and everything below it; nothing when it does not exist. Symbolic links are removed, not followed. */
  public static void delete(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
    }
  }
}
