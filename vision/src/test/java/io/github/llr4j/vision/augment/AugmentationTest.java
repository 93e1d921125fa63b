package io.github.llr4j.vision.augment;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class AugmentationTest {

  static float[] ramp(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = i + 1;
    return a;
  }

  @Test
  void shiftMovesContentByOffset() {
    int h = 5, w = 6, c = 2;
    float[] src = ramp(h * w * c), a = src.clone();
    Augmentation.shift(a, 0, new float[h * w * c], h, w, c, 2, -1);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        for (int k = 0; k < c; k++) {
          int sy = y + 2, sx = x - 1;
          float want = sy >= 0 && sy < h && sx >= 0 && sx < w ? src[(sy * w + sx) * c + k] : 0f;
          assertEquals(want, a[(y * w + x) * c + k], 0f, y + "," + x);
        }
  }

  @Test
  void flipMirrors() {
    int h = 3, w = 5, c = 3;
    float[] src = ramp(h * w * c), a = src.clone();
    Augmentation.flip(a, 0, h, w, c);
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++)
        for (int k = 0; k < c; k++)
          assertEquals(src[(y * w + w - 1 - x) * c + k], a[(y * w + x) * c + k], 0f);
  }

  @Test
  void cutoutZeroesClippedSquare() {
    int h = 8, w = 8;
    float[] a = ramp(h * w);
    Augmentation.cutout(a, 0, h, w, 1, 1, 6, 4);
    int zeros = 0;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        boolean in = y >= 0 && y < 3 && x >= 4 && x < 8;
        assertEquals(in, a[y * w + x] == 0f, y + "," + x);
        if (in) zeros++;
      }
    assertEquals(12, zeros);
  }

  @Test
  void cutoutProbabilityAndDeterminism() {
    Augmentation aug = new Augmentation(0, false, 2, 0.5);
    int n = 4000, h = 4, w = 4;
    float[] b = new float[n * h * w];
    java.util.Arrays.fill(b, 1f);
    float[] b2 = b.clone();
    aug.apply(b, n, h, w, 1, 11, 3, 5);
    aug.apply(b2, n, h, w, 1, 11, 3, 5);
    assertArrayEquals(b, b2);
    int hit = 0;
    for (int i = 0; i < n; i++)
      for (int k = 0; k < h * w; k++)
        if (b[i * h * w + k] == 0f) {
          hit++;
          break;
        }
    assertEquals(0.5, hit / (double) n, 0.03);
    float[] b3 = new float[n * h * w];
    java.util.Arrays.fill(b3, 1f);
    aug.apply(b3, n, h, w, 1, 11, 3, 6);
    assertFalse(java.util.Arrays.equals(b, b3));
  }
}
