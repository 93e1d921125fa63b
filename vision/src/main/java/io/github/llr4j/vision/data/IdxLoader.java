package io.github.llr4j.vision.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST-style IDX files (LeCun et al.'s format; Fashion-MNIST uses it too): images idx3
 * (big-endian magic 2051, count, rows, cols, then unsigned bytes) and labels idx1 (magic 2049,
 * count, bytes). A file starting with the gzip magic 0x1f8b is decompressed on the fly. Pixels
 * become {@code byte/255f}, one channel. Any inconsistency is an {@link IOException} naming the
 * file, the offset and what was expected.
 *
 * <p>Memory is bounded by the file, not by its header: a raw file's length is checked against the
 * header's count before anything is allocated, and a gzip file is read in chunks, so a header
 * that claims 2,000,000 images in a 116-byte file fails at the real end of the data instead of
 * allocating 1.6 GB first.
 */
public final class IdxLoader {

  private IdxLoader() {}

  /** Loads an image file and a label file as one data set with the given class names. */
  public static ImageDataset load(Path images, Path labels, List<String> classNames)
      throws IOException {
    int[] dims = new int[2];
    float[] pixels = readImages(images, dims);
    int[] lab = readLabels(labels);
    int n = pixels.length / (dims[0] * dims[1]);
    if (n != lab.length)
      throw new IOException(
          "count mismatch: " + images + " has " + n + " images but " + labels + " has "
              + lab.length + " labels");
    for (int i = 0; i < lab.length; i++)
      if (lab[i] >= classNames.size())
        throw new IOException(
            labels + ": label at offset " + (8 + i) + " must be in [0, " + classNames.size()
                + "), got " + lab[i]);
    return new ImageDataset(pixels, lab, dims[0], dims[1], 1, classNames);
  }

  /** An open IDX file; {@code rawLength} is the file's length, or -1 when it is gzip. */
  private record Source(DataInputStream in, long rawLength) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static Source open(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("file not found: " + file);
    long length = Files.size(file);
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    in.mark(2);
    int b0 = in.read(), b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new Source(new DataInputStream(new BufferedInputStream(new GZIPInputStream(in), 1 << 16)), -1);
    }
    return new Source(new DataInputStream(in), length);
  }

  /**
   * The {@code count} bytes after a {@code headerLength}-byte header, allocating no more than the
   * file holds: a raw file's length is checked first; gzip data is read in chunks of at most 1 MiB
   * until {@code count} bytes or the real end.
   */
  private static byte[] body(Source src, Path file, long headerLength, long count, String what)
      throws IOException {
    if (src.rawLength() >= 0 && src.rawLength() - headerLength < count)
      throw new IOException(file + ": truncated: the header at offset 4 announces " + what + " = "
          + count + " bytes after the " + headerLength + "-byte header, but the file has "
          + src.rawLength() + " bytes");
    if (src.rawLength() >= 0) {
      byte[] raw = new byte[(int) count];
      int got = src.in().readNBytes(raw, 0, raw.length);
      if (got != raw.length) throw truncated(file, headerLength, got, count, what);
      return raw;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream((int) Math.min(count, 1 << 20));
    byte[] chunk = new byte[(int) Math.min(count, 1 << 20)];
    long got = 0;
    while (got < count) {
      int n = src.in().read(chunk, 0, (int) Math.min(chunk.length, count - got));
      if (n < 0) throw truncated(file, headerLength, got, count, what);
      buf.write(chunk, 0, n);
      got += n;
    }
    return buf.toByteArray();
  }

  private static IOException truncated(Path file, long header, long got, long count, String what) {
    return new IOException(file + ": truncated at offset " + (header + got) + ", expected " + count
        + " bytes of " + what + " after the " + header + "-byte header");
  }

  private static int header(DataInputStream in, Path file, long offset, String what)
      throws IOException {
    try {
      return in.readInt();
    } catch (EOFException e) {
      throw new IOException(file + ": truncated at offset " + offset + ", expected " + what, e);
    }
  }

  static float[] readImages(Path file, int[] dimsOut) throws IOException {
    try (Source src = open(file)) {
      DataInputStream in = src.in();
      int magic = header(in, file, 0, "magic 2051");
      if (magic != 2051)
        throw new IOException(file + ": offset 0: expected IDX image magic 2051, got " + magic);
      int n = header(in, file, 4, "image count");
      int rows = header(in, file, 8, "row count");
      int cols = header(in, file, 12, "column count");
      if (n < 0 || rows < 1 || cols < 1 || (long) n * rows * cols > Integer.MAX_VALUE - 8)
        throw new IOException(
            file + ": offset 4: implausible dimensions " + n + "x" + rows + "x" + cols);
      byte[] raw = body(src, file, 16, (long) n * rows * cols,
          "pixels (" + n + " images of " + rows + "x" + cols + ")");
      float[] px = new float[raw.length];
      for (int i = 0; i < raw.length; i++) px[i] = (raw[i] & 0xff) / 255f;
      dimsOut[0] = rows;
      dimsOut[1] = cols;
      return px;
    }
  }

  static int[] readLabels(Path file) throws IOException {
    try (Source src = open(file)) {
      DataInputStream in = src.in();
      int magic = header(in, file, 0, "magic 2049");
      if (magic != 2049)
        throw new IOException(file + ": offset 0: expected IDX label magic 2049, got " + magic);
      int n = header(in, file, 4, "label count");
      if (n < 0) throw new IOException(file + ": offset 4: negative label count " + n);
      byte[] raw = body(src, file, 8, n, "labels");
      int[] l = new int[n];
      for (int i = 0; i < n; i++) l[i] = raw[i] & 0xff;
      return l;
    }
  }
}
