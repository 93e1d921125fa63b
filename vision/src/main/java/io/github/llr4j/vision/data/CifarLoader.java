package io.github.llr4j.vision.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR binary batches (Krizhevsky 2009). CIFAR-10 records: 1 label byte + 3072 pixel bytes
 * (R, G, B planes of 32x32, channel-major). CIFAR-100 records: coarse label byte, fine label byte,
 * then the 3072 pixels. Pixels are converted to NHWC floats {@code byte/255f}. A file whose size
 * is not a whole number of records is rejected, naming the file and the partial record.
 */
public final class CifarLoader {

  private static final int PIXELS = 32 * 32 * 3;

  private CifarLoader() {}

  /**
   * Loads and concatenates {@code files}. {@code labelBytes} is 1 (CIFAR-10) or 2 (CIFAR-100);
   * {@code labelIndex} picks which label byte to use (CIFAR-100: 0 = coarse, 1 = fine).
   */
  public static ImageDataset load(
      List<Path> files, int labelBytes, int labelIndex, List<String> classNames)
      throws IOException {
    if (labelBytes != 1 && labelBytes != 2)
      throw new IllegalArgumentException("labelBytes must be 1 or 2, got " + labelBytes);
    if (labelIndex < 0 || labelIndex >= labelBytes)
      throw new IllegalArgumentException(
          "labelIndex must be in [0, " + labelBytes + "), got " + labelIndex);
    int rec = labelBytes + PIXELS;
    byte[][] contents = new byte[files.size()][];
    int total = 0;
    for (int f = 0; f < files.size(); f++) {
      Path p = files.get(f);
      if (!Files.isRegularFile(p)) throw new IOException("file not found: " + p);
      contents[f] = Files.readAllBytes(p);
      if (contents[f].length % rec != 0)
        throw new IOException(
            p + ": size " + contents[f].length + " is not a multiple of the record size " + rec
                + "; record " + contents[f].length / rec + " at offset "
                + (long) (contents[f].length / rec) * rec + " is partial");
      total += contents[f].length / rec;
    }
    float[] px = new float[total * PIXELS];
    int[] lab = new int[total];
    int i = 0;
    for (int f = 0; f < files.size(); f++) {
      byte[] b = contents[f];
      for (int r = 0; r < b.length / rec; r++, i++) {
        int base = r * rec;
        int l = b[base + labelIndex] & 0xff;
        if (l >= classNames.size())
          throw new IOException(
              files.get(f) + ": label at offset " + (base + labelIndex) + " must be in [0, "
                  + classNames.size() + "), got " + l);
        lab[i] = l;
        int src = base + labelBytes, dst = i * PIXELS;
        for (int c = 0; c < 3; c++)
          for (int k = 0; k < 1024; k++)
            px[dst + k * 3 + c] = (b[src + c * 1024 + k] & 0xff) / 255f;
      }
    }
    return new ImageDataset(px, lab, 32, 32, 3, classNames);
  }
}
