package io.github.llr4j.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A generated image-folder data set for command-line tests: {@code train/} and {@code test/} with
 * classes "bright" (pixels in [0.7, 1]) and "dark" (pixels in [0, 0.3]), 8x8 RGB PNGs.
 */
final class TinyImages {
  private TinyImages() {}

  /** Writes {@code perClass} training and {@code perClass / 2} test images per class under {@code root}. */
  static Path write(Path root, int perClass) throws IOException {
    return write(root, 7, perClass, Math.max(1, perClass / 2));
  }

  /** Writes {@code train} and {@code test} images per class, pixels drawn from {@code seed}. */
  static Path write(Path root, long seed, int train, int test) throws IOException {
    Random r = new Random(seed);
    for (String split : new String[] {"train", "test"}) {
      int n = split.equals("train") ? train : test;
      for (String cls : new String[] {"bright", "dark"}) {
        Path dir = Files.createDirectories(root.resolve(split).resolve(cls));
        for (int i = 0; i < n; i++) {
          BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < 8; y++)
            for (int x = 0; x < 8; x++) {
              int v = (int) (255 * (cls.equals("dark") ? 0.3 * r.nextDouble() : 0.7 + 0.3 * r.nextDouble()));
              img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
          ImageIO.write(img, "png", dir.resolve(i + ".png").toFile());
        }
      }
    }
    return root;
  }
}
