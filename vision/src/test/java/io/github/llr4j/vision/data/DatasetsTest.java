package io.github.llr4j.vision.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir Path dir;

  @Test
  void namedSetsResolveFilesInDirectory() throws IOException {
    Files.write(dir.resolve("t10k-images-idx3-ubyte"), IdxLoaderTest.images(2051, 2, 1, 1, 2));
    Files.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxLoaderTest.labels(2049, 7, 3));
    assertArrayEquals(new int[] {7, 3}, Datasets.load("mnist", dir, false).labels());
    Files.write(dir.resolve("test.bin"), CifarSplitStatsTest.records(2, 3));
    ImageDataset c = Datasets.load("cifar100", dir, false);
    assertEquals(100, c.numClasses());
    assertArrayEquals(new int[] {4, 5, 6}, c.labels());
  }

  @Test
  void badNamesAndMissingDirsAreClear() {
    assertThrows(IllegalArgumentException.class, () -> Datasets.load("imagenet", dir, true));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Datasets.load("cifar10", null, true));
    assertTrue(e.getMessage().contains("--data DIR"));
    IOException io = assertThrows(IOException.class,
        () -> Datasets.load("cifar10", dir, true));
    assertTrue(io.getMessage().contains("data_batch_1.bin"), io.getMessage());
  }
}
