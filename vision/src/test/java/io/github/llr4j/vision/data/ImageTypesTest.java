package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raw samples for every PNG kind ImageIO writes: each test image holds the grey levels 0, 64,
 * 128 and 255 (or their 16-bit equivalents) and must give exactly level/255 back, whatever the
 * type. Through {@code getRGB} a grey 128 came back as 186/255 (colour-space conversion).
 */
class ImageTypesTest {
  private static final int[] LEVELS = {0, 64, 128, 255};

  @TempDir Path dir;

  private Path save(BufferedImage img, String name) throws IOException {
    Path f = dir.resolve(name + ".png");
    assertThat(ImageIO.write(img, "png", f.toFile())).as(name).isTrue();
    return f;
  }

  private static float[] expectedGrey() {
    float[] e = new float[LEVELS.length];
    for (int i = 0; i < e.length; i++) e[i] = LEVELS[i] / 255f;
    return e;
  }

  private float[] grey(BufferedImage img, String name) throws IOException {
    BufferedImage back = ImageFiles.read(save(img, name));
    float[] rgb = ImageFiles.pixels(back, 3);
    float[] one = ImageFiles.pixels(back, 1);
    for (int i = 0; i < LEVELS.length; i++) {
      assertThat(rgb[3 * i]).as(name + " R").isEqualTo(rgb[3 * i + 1]).isEqualTo(rgb[3 * i + 2]);
    }
    return one;
  }

  @Test
  void greyAndRgbCopiesOfOneImageGiveTheSamePixels() throws IOException {
    BufferedImage g8 = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage rgb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_RGB);
    BufferedImage argb = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
    BufferedImage g16 = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
    for (int x = 0; x < 4; x++) {
      int v = LEVELS[x];
      g8.getRaster().setSample(x, 0, 0, v);
      g16.getRaster().setSample(x, 0, 0, v * 257);
      rgb.setRGB(x, 0, v << 16 | v << 8 | v);
      argb.setRGB(x, 0, 0x80 << 24 | v << 16 | v << 8 | v);
    }
    float[] e = expectedGrey();
    assertThat(grey(g8, "grey8")).containsExactly(e, within(1e-7f));
    assertThat(grey(rgb, "rgb")).containsExactly(e, within(1e-7f));
    assertThat(grey(argb, "rgba")).containsExactly(e, within(1e-7f));
    assertThat(grey(g16, "grey16")).containsExactly(e, within(1e-7f));
    assertThat(grey(greyAlpha(), "grey-alpha")).containsExactly(e, within(1e-7f));
    assertThat(grey(palette(), "palette")).containsExactly(e, within(1e-7f));
    assertThat(grey(rgb16(), "rgb16")).containsExactly(e, within(1e-7f));
  }

  @Test
  void colourChannelsStayApartAndResizeKeepsGrey() throws IOException {
    BufferedImage rgb16 = rgb16();
    rgb16.getRaster().setPixel(0, 0, new int[] {65535, 0, 13107});
    float[] px = ImageFiles.pixels(ImageFiles.read(save(rgb16, "c16")), 3);
    assertThat(px[0]).isEqualTo(1f);
    assertThat(px[1]).isEqualTo(0f);
    assertThat(px[2]).isCloseTo(0.2f, within(1e-7f));

    BufferedImage g8 = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    g8.getRaster().setSample(0, 0, 0, 128);
    g8.getRaster().setSample(1, 0, 0, 128);
    BufferedImage big = ImageFiles.resize(ImageFiles.read(save(g8, "g")), 3, 4);
    for (float v : ImageFiles.pixels(big, 1)) assertThat(v).isCloseTo(128 / 255f, within(1e-6f));
  }

  @Test
  void corruptAndHugeImagesNameTheFile() throws IOException {
    BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    byte[] png = Files.readAllBytes(save(img, "ok"));
    byte[] cut = java.util.Arrays.copyOf(png, 45); // signature, IHDR and part of the next chunk
    Path corrupt = Files.write(dir.resolve("corrupt.png"), cut);
    assertThatThrownBy(() -> ImageFiles.read(corrupt))
        .isInstanceOf(IOException.class).hasMessageStartingWith(corrupt + ": ");

    // a valid header announcing 20000x20000 pixels: refused before any pixel is decoded
    byte[] huge = png.clone();
    java.nio.ByteBuffer.wrap(huge, 16, 8).putInt(20000).putInt(20000);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(huge, 12, 17);
    java.nio.ByteBuffer.wrap(huge, 29, 4).putInt((int) crc.getValue());
    Path big = Files.write(dir.resolve("huge.png"), huge);
    assertThatThrownBy(() -> ImageFiles.read(big)).isInstanceOf(IOException.class)
        .hasMessage(big + ": 20000x20000 pixels is more than the limit of 16777216 (4096x4096);"
            + " scale the image down first");
  }

  private static BufferedImage greyAlpha() {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY),
        true, false, Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
    WritableRaster r = cm.createCompatibleWritableRaster(4, 1);
    for (int x = 0; x < 4; x++) r.setPixel(x, 0, new int[] {LEVELS[x], 100});
    return new BufferedImage(cm, r, false, null);
  }

  private static BufferedImage palette() {
    byte[] v = new byte[LEVELS.length];
    for (int i = 0; i < v.length; i++) v[i] = (byte) LEVELS[LEVELS.length - 1 - i];
    IndexColorModel cm = new IndexColorModel(8, v.length, v, v, v);
    BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_BYTE_INDEXED, cm);
    for (int x = 0; x < 4; x++) img.getRaster().setSample(x, 0, 0, LEVELS.length - 1 - x);
    return img;
  }

  private static BufferedImage rgb16() {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(4, 1);
    for (int x = 0; x < 4; x++) {
      int v = LEVELS[x] * 257;
      r.setPixel(x, 0, new int[] {v, v, v});
    }
    return new BufferedImage(cm, r, false, null);
  }
}
