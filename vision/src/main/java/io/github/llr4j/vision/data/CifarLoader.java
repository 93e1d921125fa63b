package io.github.llr4j.vision.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads CIFAR binary batches (Krizhevsky 2009). CIFAR-10 records: 1 label byte + 3072 pixel bytes
 * (R, G, B planes of 32x32, channel-major). CIFAR-100 records: coarse label byte, fine label byte,
 * then the 3072 pixels. Pixels are converted to NHWC floats {@code byte/255f}. Every file's size is
 * checked before it is read: an empty file, or one that is not a whole number of records, is
 * rejected naming the file (and the partial record), and the total must fit one Java array.
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
    long records = 0;
    long[] sizes = new long[files.size()];
    for (int f = 0; f < files.size(); f++) {
      Path p = files.get(f);
      if (!Files.isRegularFile(p)) throw new IOException("file not found: " + p);
      long size = Files.size(p);
      if (size == 0)
        throw new IOException(p + ": the file is empty (0 bytes), expected records of " + rec
            + " bytes (" + labelBytes + " label byte" + (labelBytes == 1 ? "" : "s") + " + 3072 pixels)");
      if (size % rec != 0)
        throw new IOException(
            p + ": size " + size + " is not a multiple of the record size " + rec
                + "; record " + size / rec + " at offset " + size / rec * rec + " is partial");
      sizes[f] = size;
      records += size / rec;
    }
    if (records * PIXELS > Integer.MAX_VALUE - 8)
      throw new IOException("the files hold " + records + " records, more than one Java array of"
          + " pixels holds (at most " + (Integer.MAX_VALUE - 8) / PIXELS + "): load fewer files");
    int total = (int) records;
    byte[][] contents = new byte[files.size()][];
    for (int f = 0; f < files.size(); f++) {
      contents[f] = Files.readAllBytes(files.get(f));
      if (contents[f].length != sizes[f])
        throw new IOException(files.get(f) + ": changed size while it was read (" + sizes[f]
            + " then " + contents[f].length + " bytes)");
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
