package io.github.llr4j.core.train.tensorboard;

import io.github.llr4j.core.check.Require;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Tiles equally sized images (float pixels in [0, 1], NHWC rows of {@code height * width *
 * channels}) into one 8-bit image {@code [1, H, W, channels]}: a near-square grid, filled row by
 * row, with a one-pixel grey border around every tile so that tiles stay apart on dark and on
 * light images. Values outside [0, 1] are clipped.
 */
final class ImageGrid {
  private static final byte BORDER = (byte) 128;

  private ImageGrid() {}

  /** Columns of the grid of {@code n} images: ceil(sqrt(n)). */
  static int columns(int n) {
    return (int) Math.ceil(Math.sqrt(n));
  }

  static TUint8 of(List<float[]> images, int height, int width, int channels) {
    Require.that(!images.isEmpty(), "images", "not be empty", images.size());
    int cols = columns(images.size());
    int rows = (images.size() + cols - 1) / cols;
    int gh = rows * (height + 1) + 1;
    int gw = cols * (width + 1) + 1;
    byte[] px = new byte[gh * gw * channels];
    java.util.Arrays.fill(px, BORDER);
    for (int k = 0; k < images.size(); k++) {
      float[] img = images.get(k);
      Require.that(img.length == height * width * channels, "image " + k, "have " + height * width * channels
          + " values", img.length);
      int top = (k / cols) * (height + 1) + 1;
      int left = (k % cols) * (width + 1) + 1;
      for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
          for (int c = 0; c < channels; c++) {
            float v = img[(y * width + x) * channels + c];
            int b = Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
            px[((top + y) * gw + left + x) * channels + c] = (byte) b;
          }
    }
    return TUint8.tensorOf(Shape.of(1, gh, gw, channels), DataBuffers.of(px, true, false));
  }
}
