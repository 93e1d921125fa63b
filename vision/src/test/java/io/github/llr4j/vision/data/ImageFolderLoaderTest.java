package io.github.llr4j.vision.data;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderLoaderTest {

  @TempDir Path dir;

  void png(String cls, String name, int w, int h, int rgb) throws IOException {
    Path d = Files.createDirectories(dir.resolve(cls));
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
    ImageIO.write(img, "png", d.resolve(name).toFile());
  }

  @Test
  void loadsSortedClassesExactPixels() throws IOException {
    png("zebra", "a.png", 3, 2, 0x0A141E);
    png("ant", "b.png", 3, 2, 0xFF0000);
    ImageDataset d = ImageFolderLoader.load(dir, 3);
    assertEquals(List.of("ant", "zebra"), d.classNames());
    assertArrayEquals(new int[] {0, 1}, d.labels());
    assertEquals(1f, d.pixels()[0], 0f);
    assertEquals(0f, d.pixels()[1], 0f);
    assertEquals(10 / 255f, d.pixels()[18], 0f);
    assertEquals(30 / 255f, d.pixels()[20], 0f);
    assertEquals(1 / 3f, ImageFolderLoader.load(dir, 1).pixels()[0], 1e-6f);
  }

  @Test
  void oddSizeAndNonImageNameTheFile() throws IOException {
    png("a", "1.png", 3, 2, 0);
    png("b", "2.png", 4, 2, 0);
    IOException e = assertThrows(IOException.class, () -> ImageFolderLoader.load(dir, 3));
    assertTrue(e.getMessage().contains("2.png") && e.getMessage().contains("4x2"), e.getMessage());
    Files.delete(dir.resolve("b/2.png"));
    Files.writeString(dir.resolve("b/notes.txt"), "hello");
    e = assertThrows(IOException.class, () -> ImageFolderLoader.load(dir, 3));
    assertTrue(e.getMessage().contains("notes.txt"), e.getMessage());
  }
}
