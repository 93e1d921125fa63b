package io.github.llr4j.vision.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxLoaderTest {

  @TempDir Path dir;
  static final List<String> C3 = List.of("a", "b", "c");

  static byte[] images(int magic, int n, int r, int c, int pixelBytes) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    d.writeInt(n);
    d.writeInt(r);
    d.writeInt(c);
    for (int i = 0; i < pixelBytes; i++) d.writeByte(i * 37);
    return b.toByteArray();
  }

  static byte[] labels(int magic, int... l) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(magic);
    d.writeInt(l.length);
    for (int x : l) d.writeByte(x);
    return b.toByteArray();
  }

  Path write(String name, byte[] data, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream o = gzip ? new GZIPOutputStream(Files.newOutputStream(p))
        : Files.newOutputStream(p)) {
      o.write(data);
    }
    return p;
  }

  void checkValid(boolean gzip) throws IOException {
    Path im = write("im", images(2051, 2, 2, 3, 12), gzip);
    Path lb = write("lb", labels(2049, 2, 0), gzip);
    ImageDataset d = IdxLoader.load(im, lb, C3);
    assertEquals(2, d.size());
    assertEquals(2, d.height());
    assertEquals(3, d.width());
    assertEquals(1, d.channels());
    assertArrayEquals(new int[] {2, 0}, d.labels());
    for (int i = 0; i < 12; i++) assertEquals(((i * 37) & 0xff) / 255f, d.pixels()[i], 0f);
  }

  @Test
  void rawAndGzipGiveExactPixelsAndLabels() throws IOException {
    checkValid(false);
    checkValid(true);
  }

  @Test
  void wrongMagicNamesFileAndMagic() throws IOException {
    Path im = write("im", images(2049, 1, 1, 1, 1), false);
    Path lb = write("lb", labels(2049, 0), false);
    IOException e = assertThrows(IOException.class, () -> IdxLoader.load(im, lb, C3));
    assertTrue(e.getMessage().contains(im.toString()) && e.getMessage().contains("2051"),
        e.getMessage());
  }

  @Test
  void truncatedPixelsReportOffset() throws IOException {
    Path im = write("im", images(2051, 2, 2, 2, 5), true);
    Path lb = write("lb", labels(2049, 0, 1), false);
    IOException e = assertThrows(IOException.class, () -> IdxLoader.load(im, lb, C3));
    assertTrue(e.getMessage().contains("offset 21") && e.getMessage().contains(im.toString()),
        e.getMessage());
  }

  @Test
  void truncatedHeader() throws IOException {
    Path im = write("im", new byte[] {0, 0, 8, 3, 0, 0}, false);
    Path lb = write("lb", labels(2049, 0), false);
    IOException e = assertThrows(IOException.class, () -> IdxLoader.load(im, lb, C3));
    assertTrue(e.getMessage().contains("offset 4"), e.getMessage());
  }

  @Test
  void countMismatch() throws IOException {
    Path im = write("im", images(2051, 2, 1, 1, 2), false);
    Path lb = write("lb", labels(2049, 0, 1, 2), false);
    IOException e = assertThrows(IOException.class, () -> IdxLoader.load(im, lb, C3));
    assertTrue(e.getMessage().contains("2 images but") && e.getMessage().contains("3 labels"),
        e.getMessage());
  }

  @Test
  void labelOutOfRange() throws IOException {
    Path im = write("im", images(2051, 2, 1, 1, 2), false);
    Path lb = write("lb", labels(2049, 1, 3), false);
    IOException e = assertThrows(IOException.class, () -> IdxLoader.load(im, lb, C3));
    assertTrue(e.getMessage().contains("offset 9") && e.getMessage().contains("got 3"),
        e.getMessage());
  }

  @Test
  void datasetSubsetAndLimit() throws IOException {
    Path im = write("im", images(2051, 3, 1, 2, 6), false);
    Path lb = write("lb", labels(2049, 0, 1, 2), false);
    ImageDataset d = IdxLoader.load(im, lb, C3);
    ImageDataset s = d.subset(new int[] {2, 0});
    assertArrayEquals(new int[] {2, 0}, s.labels());
    assertEquals(d.pixels()[4], s.pixels()[0], 0f);
    assertEquals(d.pixels()[5], s.pixels()[1], 0f);
    assertEquals(d.pixels()[0], s.pixels()[2], 0f);
    assertEquals(2, d.limit(2).size());
    assertThrows(IllegalArgumentException.class, () -> d.subset(new int[] {3}));
    assertThrows(IllegalArgumentException.class,
        () -> new ImageDataset(new float[2], new int[] {5}, 1, 2, 1, C3));
  }

  @Test
  void missingFashionMnistNamesInstallCommand() {
    IOException e = assertThrows(IOException.class,
        () -> FashionMnist.load(dir.resolve("nope"), true));
    assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist")
        && e.getMessage().contains("--data DIR"), e.getMessage());
  }
}
