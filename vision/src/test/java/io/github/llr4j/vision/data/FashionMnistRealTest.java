package io.github.llr4j.vision.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FashionMnistRealTest {

  @Test
  void realFilesHaveKnownCountsAndLabels() throws IOException {
    Assumptions.assumeTrue(
        Files.isRegularFile(FashionMnist.DEFAULT_DIR.resolve("train-images-idx3-ubyte.gz")),
        "Fashion-MNIST absent at " + FashionMnist.DEFAULT_DIR
            + ": sudo apt-get install -y dataset-fashion-mnist");
    ImageDataset train = FashionMnist.load(FashionMnist.DEFAULT_DIR, true);
    ImageDataset test = FashionMnist.load(FashionMnist.DEFAULT_DIR, false);
    assertEquals(60000, train.size());
    assertEquals(10000, test.size());
    assertEquals(10, train.numClasses());
    assertEquals(28, train.height());
    assertEquals(9, train.labels()[0]);
    int[] hist = new int[10];
    for (int l : train.labels()) hist[l]++;
    for (int h : hist) assertEquals(6000, h);
  }
}
