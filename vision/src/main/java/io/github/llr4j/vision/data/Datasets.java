package io.github.llr4j.vision.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Named data sets: {@code fashion-mnist} (default directory {@link FashionMnist#DEFAULT_DIR}),
 * {@code mnist} (IDX files, {@code .gz} or raw), {@code cifar10}, {@code cifar100} (fine labels)
 * and {@code folder} ({@code dir/train/<class>/...}, {@code dir/test/<class>/...}, RGB). All but
 * fashion-mnist need a directory ({@code --data DIR}).
 *
 * <p>A test split is loaded for a training split ({@link #loadTest}): folder classes are matched
 * by name, and the image size, channels and class names must equal the training split's, so a
 * mismatch is found when the data are loaded, not after the first epoch.
 */
public final class Datasets {

  private Datasets() {}

  /** Loads the train or test split of {@code name} from {@code dir} (null = default). */
  public static ImageDataset load(String name, Path dir, boolean train) throws IOException {
    return load(name, dir, train, null);
  }

  /**
   * The test split of {@code name} for a model trained on {@code train}: refused (naming both)
   * when its images or classes differ from the training split's.
   */
  public static ImageDataset loadTest(String name, Path dir, ImageDataset train)
      throws IOException {
    ImageDataset test = load(name, dir, false, train.classNames());
    if (test.height() != train.height() || test.width() != train.width()
        || test.channels() != train.channels())
      throw new IOException(name + ": test images are " + test.height() + "x" + test.width() + "x"
          + test.channels() + " but training images are " + train.height() + "x" + train.width()
          + "x" + train.channels() + " (height x width x channels); the two splits must match");
    return test;
  }

  /**
   * Loads a split whose labels must mean {@code classNames} (null: the data set's own): folder
   * sub-folders are matched to them by name; the other data sets must have exactly these names.
   */
  public static ImageDataset load(String name, Path dir, boolean train, List<String> classNames)
      throws IOException {
    ImageDataset d = loadOwn(name, dir, train, classNames);
    if (classNames != null && !d.classNames().equals(classNames))
      throw new IOException(name + ": the data set's classes " + d.classNames()
          + " differ from the expected " + classNames);
    return d;
  }

  private static ImageDataset loadOwn(String name, Path dir, boolean train, List<String> classNames)
      throws IOException {
    if (name.equals("fashion-mnist"))
      return FashionMnist.load(dir == null ? FashionMnist.DEFAULT_DIR : dir, train);
    if (!List.of("mnist", "cifar10", "cifar100", "folder").contains(name))
      throw new IllegalArgumentException(
          "data set must be one of fashion-mnist, mnist, cifar10, cifar100, folder, got " + name);
    if (dir == null)
      throw new IllegalArgumentException(
          "data set " + name + " has no default location: point at a copy with --data DIR");
    if (!Files.isDirectory(dir)) throw new IOException(name + ": directory not found: " + dir);
    switch (name) {
      case "mnist": {
        String p = train ? "train" : "t10k";
        return IdxLoader.load(idx(dir, p + "-images-idx3-ubyte"), idx(dir, p + "-labels-idx1-ubyte"),
            numbered(10));
      }
      case "cifar10": {
        List<Path> files = new ArrayList<>();
        if (train) for (int i = 1; i <= 5; i++) files.add(dir.resolve("data_batch_" + i + ".bin"));
        else files.add(dir.resolve("test_batch.bin"));
        return CifarLoader.load(files, 1, 0, numbered(10));
      }
      case "cifar100":
        return CifarLoader.load(
            List.of(dir.resolve(train ? "train.bin" : "test.bin")), 2, 1, numbered(100));
      default:
        return ImageFolderLoader.load(dir.resolve(train ? "train" : "test"), 3, classNames);
    }
  }

  private static Path idx(Path dir, String base) {
    Path gz = dir.resolve(base + ".gz");
    return Files.isRegularFile(gz) ? gz : dir.resolve(base);
  }

  private static List<String> numbered(int n) {
    return IntStream.range(0, n).mapToObj(Integer::toString).toList();
  }
}
