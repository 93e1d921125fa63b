package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

  @Test
  void decodesRgbAndGreyAndResizes(@TempDir Path dir) throws IOException {
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, 0xff0000);
    img.setRGB(1, 0, 0x336699);
    Path f = dir.resolve("a.png");
    ImageIO.write(img, "png", f.toFile());

    BufferedImage back = ImageFiles.read(f);
    assertThat(ImageFiles.pixels(back, 3)).containsExactly(1f, 0f, 0f, 0x33 / 255f, 0x66 / 255f, 0x99 / 255f);
    float[] grey = ImageFiles.pixels(back, 1);
    assertThat(grey[0]).isCloseTo(1f / 3, within(1e-6f));
    assertThat(grey[1]).isCloseTo((0x33 + 0x66 + 0x99) / 765f, within(1e-6f));

    BufferedImage big = ImageFiles.resize(back, 4, 6);
    assertThat(big.getHeight()).isEqualTo(4);
    assertThat(big.getWidth()).isEqualTo(6);
    // the left edge keeps the red pixel's colour
    assertThat(ImageFiles.pixels(big, 3)[0]).isCloseTo(1f, within(0.01f));
    assertThat(ImageFiles.resize(back, 1, 2)).isSameAs(back);
  }

  @Test
  void aBatchIsTheFilesPixelsOneAfterTheOther(@TempDir Path dir) throws IOException {
    BufferedImage red = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    red.setRGB(0, 0, 0xff0000);
    BufferedImage blue = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 2; y++) for (int x = 0; x < 2; x++) blue.setRGB(x, y, 0x0000ff);
    Path a = dir.resolve("red.png"), b = dir.resolve("blue.png");
    ImageIO.write(red, "png", a.toFile());
    ImageIO.write(blue, "png", b.toFile());
    // both scaled to 1x1, three channels
    assertThat(ImageFiles.batch(java.util.List.of(a, b), 1, 1, 3)).containsExactly(1f, 0f, 0f, 0f, 0f, 1f);
    assertThatThrownBy(() -> ImageFiles.batch(java.util.List.of(dir.resolve("none.png")), 1, 1, 3))
        .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("none.png");
  }

  @Test
  void missingOrNonImageFilesAreNamed(@TempDir Path dir) throws IOException {
    Path txt = Files.writeString(dir.resolve("notes.png"), "not an image");
    assertThatThrownBy(() -> ImageFiles.read(txt)).hasMessageContaining("notes.png: not a readable PNG/JPEG");
    assertThatThrownBy(() -> ImageFiles.read(dir.resolve("gone.png"))).hasMessageContaining("gone.png: file not found");
    assertThatThrownBy(() -> ImageFiles.pixels(new BufferedImage(1, 1, 1), 2)).hasMessageContaining("channels must be 1 or 3");
  }
}
