package io.github.llr4j.vision.augment;

import io.github.llr4j.core.check.Require;
import java.util.SplittableRandom;

/**
 * Standard CIFAR augmentation, applied in place to a batch of NHWC examples, in this order:
 * random crop with zero padding (shift each image by (dy, dx) uniform in [-pad, pad], uncovered
 * pixels become 0; equivalent to padding by {@code pad} and cropping back), horizontal flip with
 * probability 0.5 when {@code flip}, and Cutout (DeVries and Taylor 2017) with probability
 * {@code cutoutP}: a {@code cutout x cutout} square of zeros whose centre is uniform over the image,
 * clipped at the borders.
 *
 * <p>Choices: 32x32 sets use pad 4 and cutout 16; 28x28 sets also use pad 4 and cutout 14 (half
 * the side, like 16 for 32). Flip is on for CIFAR and Fashion-MNIST (garments are roughly
 * mirror-symmetric) and off for MNIST (mirrored digits are other shapes).
 */
public record Augmentation(int pad, boolean flip, int cutout, double cutoutP) {

  public Augmentation {
    Require.atLeast("pad", pad, 0);
    Require.atLeast("cutout", cutout, 0);
    Require.that(cutoutP >= 0 && cutoutP <= 1, "cutoutP", "be in [0, 1]", cutoutP);
  }

  /** Pad 4, flip, cutout 16 with p 0.5 (CIFAR-10/100). */
  public static Augmentation cifar() {
    return new Augmentation(4, true, 16, 0.5);
  }

  /** Pad 4, flip on for Fashion-MNIST and off for MNIST, cutout 14 with p 0.5. */
  public static Augmentation mnistLike(boolean flip) {
    return new Augmentation(4, flip, 14, 0.5);
  }

  /** Augments the first {@code n} examples of {@code batch} in place. */
  public void apply(float[] batch, int n, int h, int w, int c, long seed, int epoch, int batchIndex) {
    int per = h * w * c;
    if (batch.length < (long) n * per)
      throw new IllegalArgumentException(
          "batch.length must be >= n*h*w*c = " + (long) n * per + ", got " + batch.length);
    SplittableRandom rnd =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + batchIndex);
    float[] scratch = new float[per];
    for (int i = 0; i < n; i++) {
      int off = i * per;
      int dy = rnd.nextInt(2 * pad + 1) - pad, dx = rnd.nextInt(2 * pad + 1) - pad;
      if (pad > 0) shift(batch, off, scratch, h, w, c, dy, dx);
      if (flip && rnd.nextBoolean()) flip(batch, off, h, w, c);
      double u = rnd.nextDouble();
      int cy = rnd.nextInt(h), cx = rnd.nextInt(w);
      if (cutout > 0 && u < cutoutP) cutout(batch, off, h, w, c, cy, cx, cutout);
    }
  }

  /** out(y, x) = in(y + dy, x + dx), zero outside the image. */
  static void shift(float[] a, int off, float[] scratch, int h, int w, int c, int dy, int dx) {
    int per = h * w * c;
    System.arraycopy(a, off, scratch, 0, per);
    java.util.Arrays.fill(a, off, off + per, 0f);
    int x0 = Math.max(0, -dx), x1 = Math.min(w, w - dx);
    if (x1 <= x0) return;
    for (int y = Math.max(0, -dy); y < Math.min(h, h - dy); y++)
      System.arraycopy(scratch, ((y + dy) * w + x0 + dx) * c, a, off + (y * w + x0) * c,
          (x1 - x0) * c);
  }

  static void flip(float[] a, int off, int h, int w, int c) {
    for (int y = 0; y < h; y++) {
      int row = off + y * w * c;
      for (int x = 0; x < w / 2; x++) {
        int p = row + x * c, q = row + (w - 1 - x) * c;
        for (int k = 0; k < c; k++) {
          float t = a[p + k];
          a[p + k] = a[q + k];
          a[q + k] = t;
        }
      }
    }
  }

  static void cutout(float[] a, int off, int h, int w, int c, int cy, int cx, int size) {
    int y0 = Math.max(0, cy - size / 2), y1 = Math.min(h, cy - size / 2 + size);
    int x0 = Math.max(0, cx - size / 2), x1 = Math.min(w, cx - size / 2 + size);
    for (int y = y0; y < y1; y++)
      java.util.Arrays.fill(a, off + (y * w + x0) * c, off + (y * w + x1) * c, 0f);
  }
}
