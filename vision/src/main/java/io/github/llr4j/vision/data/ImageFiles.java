package io.github.llr4j.vision.data;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Decoding single PNG/JPEG files into [0, 1] float pixels in HWC order. */
public final class ImageFiles {

  private ImageFiles() {}

  /** Decodes {@code file}; an unreadable or non-image file is an IOException naming it. */
  public static BufferedImage read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException(file + ": file not found");
    BufferedImage img = ImageIO.read(file.toFile());
    if (img == null) throw new IOException(file + ": not a readable PNG/JPEG image");
    return img;
  }

  /**
   * Pixels of {@code img} as floats in [0, 1], {@code (y*w + x)*channels + c}; 1 channel is the
   * mean of R, G and B, 3 channels are R, G, B.
   */
  public static float[] pixels(BufferedImage img, int channels) {
    if (channels != 1 && channels != 3)
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    int h = img.getHeight(), w = img.getWidth();
    float[] px = new float[h * w * channels];
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        int rgb = img.getRGB(x, y);
        float r = ((rgb >> 16) & 0xff) / 255f, g = ((rgb >> 8) & 0xff) / 255f, b = (rgb & 0xff) / 255f;
        int o = (y * w + x) * channels;
        if (channels == 1) px[o] = (r + g + b) / 3f;
        else {
          px[o] = r;
          px[o + 1] = g;
          px[o + 2] = b;
        }
      }
    return px;
  }

  /** {@code img} scaled bilinearly to {@code width x height} (itself when it already has that size). */
  public static BufferedImage resize(BufferedImage img, int height, int width) {
    if (img.getHeight() == height && img.getWidth() == width) return img;
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    var g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(img, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
