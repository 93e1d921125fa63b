package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Folder data sets: test classes are matched to training classes by folder name, never by
 * position; empty class folders are refused for training; a test split whose images differ in
 * size from the training split's is refused when it is loaded.
 */
class FolderClassesTest {
  @TempDir Path dir;

  private void png(String split, String cls, String name, int size, int grey) throws IOException {
    Path d = Files.createDirectories(dir.resolve(split).resolve(cls));
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++)
      for (int x = 0; x < size; x++) img.setRGB(x, y, grey << 16 | grey << 8 | grey);
    ImageIO.write(img, "png", d.resolve(name).toFile());
  }

  @Test
  void testClassesAreMatchedByName() throws IOException {
    png("train", "cat", "1.png", 2, 10);
    png("train", "dog", "2.png", 2, 20);
    png("train", "eel", "3.png", 2, 30);
    // the test split lacks "cat": by position "dog" would become class 0 and "eel" class 1
    png("test", "dog", "4.png", 2, 20);
    png("test", "eel", "5.png", 2, 30);
    ImageDataset train = Datasets.load("folder", dir, true);
    ImageDataset test = Datasets.loadTest("folder", dir, train);
    assertThat(test.classNames()).containsExactly("cat", "dog", "eel");
    assertThat(test.labels()).containsExactly(1, 2);
  }

  @Test
  void unknownTestClassAndEmptyTrainingClassAreRefused() throws IOException {
    png("train", "cat", "1.png", 2, 10);
    png("train", "dog", "2.png", 2, 20);
    png("test", "cat", "3.png", 2, 10);
    png("test", "owl", "4.png", 2, 40);
    ImageDataset train = Datasets.load("folder", dir, true);
    assertThatThrownBy(() -> Datasets.loadTest("folder", dir, train))
        .isInstanceOf(IOException.class).hasMessage(dir.resolve("test") + ": class folder 'owl'"
            + " is not one of the training classes [cat, dog]; remove it or train with it");

    Files.createDirectories(dir.resolve("train/empty"));
    assertThatThrownBy(() -> ImageFolderLoader.load(dir.resolve("train"), 3))
        .isInstanceOf(IOException.class).hasMessage(dir.resolve("train/empty") + ": class folder"
            + " is empty; remove it or add images (an empty folder would be a class without"
            + " examples)");
    // hidden folders (.ipynb_checkpoints and the like) are not classes
    Files.delete(dir.resolve("train/empty"));
    Files.createDirectories(dir.resolve("train/.hidden"));
    assertThat(ImageFolderLoader.load(dir.resolve("train"), 3).classNames())
        .isEqualTo(List.of("cat", "dog"));
  }

  @Test
  void testImagesOfAnotherSizeAreRefusedAtLoading() throws IOException {
    png("train", "cat", "1.png", 2, 10);
    png("test", "cat", "2.png", 3, 10);
    ImageDataset train = Datasets.load("folder", dir, true);
    assertThatThrownBy(() -> Datasets.loadTest("folder", dir, train))
        .isInstanceOf(IOException.class).hasMessage("folder: test images are 3x3x3 but training"
            + " images are 2x2x3 (height x width x channels); the two splits must match");
  }
}
