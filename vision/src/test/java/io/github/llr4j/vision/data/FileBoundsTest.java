package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Headers that lie about their size: the loaders must fail at the file's real end, naming it,
 * without first allocating what the header claims (2,000,000 28x28 images = 1.6 GB; measured
 * with the thread's allocation counter, bound 16 MB), and empty CIFAR batches must say so.
 */
class FileBoundsTest {
  @TempDir Path dir;

  private Path write(String name, byte[] data, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p))
        : Files.newOutputStream(p)) {
      o.write(data);
    }
    return p;
  }

  private static long allocated() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static Throwable loadAndMeasure(Path images, Path labels, long[] bytes) {
    long before = allocated();
    try {
      IdxLoader.load(images, labels, IdxLoaderTest.C3);
      return null;
    } catch (Throwable t) {
      return t;
    } finally {
      bytes[0] = allocated() - before;
    }
  }

  @Test
  void idxHeaderClaimingMillionsOfImagesFailsWithoutAllocatingThem() throws IOException {
    byte[] lying = IdxLoaderTest.images(2051, 2_000_000, 28, 28, 100);
    assertThat(lying).hasSize(116);
    Path lb = write("lb", IdxLoaderTest.labels(2049, 0), false);
    long[] bytes = new long[1];

    Path raw = write("raw", lying, false);
    Throwable e = loadAndMeasure(raw, lb, bytes);
    assertThat(e).isInstanceOf(IOException.class).hasMessage(raw + ": truncated: the header at"
        + " offset 4 announces pixels (2000000 images of 28x28) = 1568000000 bytes after the"
        + " 16-byte header, but the file has 116 bytes");
    assertThat(bytes[0]).as("bytes allocated").isLessThan(16L << 20);

    Path gz = write("gz", lying, true);
    e = loadAndMeasure(gz, lb, bytes);
    assertThat(e).isInstanceOf(IOException.class).hasMessage(gz + ": truncated at offset 116,"
        + " expected 1568000000 bytes of pixels (2000000 images of 28x28) after the 16-byte header");
    assertThat(bytes[0]).as("bytes allocated").isLessThan(16L << 20);

    byte[] labels = IdxLoaderTest.labels(2049, 1, 2);
    java.nio.ByteBuffer.wrap(labels, 4, 4).putInt(2_000_000_000);
    Path im = write("im", IdxLoaderTest.images(2051, 1, 1, 1, 1), false);
    Path lbLying = write("lb-gz", labels, true);
    e = loadAndMeasure(im, lbLying, bytes);
    assertThat(e).isInstanceOf(IOException.class).hasMessage(lbLying + ": truncated at offset 10,"
        + " expected 2000000000 bytes of labels after the 8-byte header");
    assertThat(bytes[0]).as("bytes allocated").isLessThan(16L << 20);
  }

  @Test
  void emptyCifarBatchSaysSo() throws IOException {
    Path empty = Files.write(dir.resolve("data_batch_1.bin"), new byte[0]);
    assertThatThrownBy(() -> CifarLoader.load(List.of(empty), 1, 0, CifarSplitStatsTest.C10))
        .isInstanceOf(IOException.class).hasMessage(empty + ": the file is empty (0 bytes),"
            + " expected records of 3073 bytes (1 label byte + 3072 pixels)");
  }
}
