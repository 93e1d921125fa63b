package io.github.llr4j.vision.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017): 28x28 grey, 10 classes, 60000 train / 10000 test,
 * files {@code {train,t10k}-{images-idx3,labels-idx1}-ubyte.gz}. The default directory is where
 * Debian's {@code dataset-fashion-mnist} package installs them.
 */
public final class FashionMnist {

  /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  /** Class names in label order. */
  public static final List<String> CLASSES =
      List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
          "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** Loads the train ({@code train = true}) or test split from {@code dir}. */
  public static ImageDataset load(Path dir, boolean train) throws IOException {
    String prefix = train ? "train" : "t10k";
    Path images = dir.resolve(prefix + "-images-idx3-ubyte.gz");
    Path labels = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
    if (!Files.isRegularFile(images) || !Files.isRegularFile(labels))
      throw new IOException(
          "Fashion-MNIST not found: expected " + images + " and " + labels
              + ". Install it with `sudo apt-get install -y dataset-fashion-mnist` or point at a"
              + " copy with --data DIR");
    return IdxLoader.load(images, labels, CLASSES);
  }
}
