package io.github.llr4j.vision.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarSplitStatsTest {

  @TempDir Path dir;
  static final List<String> C10 = IntStream.range(0, 10).mapToObj(i -> "c" + i).toList();

  static byte[] records(int labelBytes, int n) {
    int rec = labelBytes + 3072;
    byte[] b = new byte[n * rec];
    for (int r = 0; r < n; r++) {
      for (int l = 0; l < labelBytes; l++) b[r * rec + l] = (byte) (r + 3 * l + 1);
      for (int k = 0; k < 3072; k++) b[r * rec + labelBytes + k] = (byte) (k + r);
    }
    return b;
  }

  @Test
  void cifar10ConvertsChannelMajorToNhwc() throws IOException {
    Path f = dir.resolve("data_batch_1.bin");
    Files.write(f, records(1, 2));
    ImageDataset d = CifarLoader.load(List.of(f), 1, 0, C10);
    assertArrayEquals(new int[] {1, 2}, d.labels());
    // example 1, pixel (y=0, x=5), green: source plane offset 1024 + 5, value (1029 + 1) & 0xff
    assertEquals(((1024 + 5 + 1) & 0xff) / 255f, d.pixels()[3072 + 5 * 3 + 1], 0f);
    assertEquals(((2048 + 32 * 2 + 7) & 0xff) / 255f, d.pixels()[(2 * 32 + 7) * 3 + 2], 0f);
  }

  @Test
  void cifar100FineAndCoarse() throws IOException {
    Path f = dir.resolve("train.bin");
    Files.write(f, records(2, 2));
    assertArrayEquals(new int[] {4, 5}, CifarLoader.load(List.of(f), 2, 1, C10).labels());
    assertArrayEquals(new int[] {1, 2}, CifarLoader.load(List.of(f), 2, 0, C10).labels());
  }

  @Test
  void partialRecordNamesFileAndRecord() throws IOException {
    Path f = dir.resolve("test_batch.bin");
    byte[] b = records(1, 2);
    Files.write(f, java.util.Arrays.copyOf(b, b.length - 10));
    IOException e = assertThrows(IOException.class, () -> CifarLoader.load(List.of(f), 1, 0, C10));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("record 1"),
        e.getMessage());
  }

  @Test
  void stratifiedSplitIsDisjointSizedAndSeeded() {
    int n = 200;
    int[] lab = new int[n];
    float[] px = new float[n];
    for (int i = 0; i < n; i++) {
      lab[i] = i % 4;
      px[i] = i;
    }
    ImageDataset d = new ImageDataset(px, lab, 1, 1, 1, List.of("a", "b", "c", "d"));
    Split s = Split.stratified(d, 0.1, 7);
    assertEquals(20, s.validation().size());
    assertEquals(180, s.train().size());
    int[] h = new int[4];
    for (int l : s.validation().labels()) h[l]++;
    assertArrayEquals(new int[] {5, 5, 5, 5}, h);
    Set<Float> seen = new HashSet<>();
    for (float v : s.train().pixels()) seen.add(v);
    for (float v : s.validation().pixels()) assertTrue(seen.add(v), "overlap at " + v);
    assertEquals(n, seen.size());
    assertArrayEquals(s.validation().pixels(), Split.stratified(d, 0.1, 7).validation().pixels());
    assertFalse(java.util.Arrays.equals(
        s.validation().pixels(), Split.stratified(d, 0.1, 8).validation().pixels()));
  }

  @Test
  void channelStatsExact() {
    float[] px = {0f, 1f, 0.5f, 1f, 1f, 0.5f};
    ImageDataset d = new ImageDataset(px, new int[] {0}, 1, 2, 3, List.of("x"));
    ChannelStats s = ChannelStats.of(d);
    assertArrayEquals(new double[] {0.5, 1, 0.5}, s.mean(), 1e-12);
    assertArrayEquals(new double[] {0.5, 0, 0}, s.std(), 1e-12);
  }
}
