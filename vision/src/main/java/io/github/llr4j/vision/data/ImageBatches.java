package io.github.llr4j.vision.data;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.vision.augment.Augmentation;
import org.tensorflow.ndarray.Shape;

/**
 * An {@link ImageDataset} as core {@link ArrayBatches}: NHWC float32 batches of [0, 1] pixels,
 * shuffled per epoch from the seed, with the augmentation applied on the prefetch thread. The
 * augmentation draws from the generator the core hands each batch (seeded by data seed, epoch and
 * batch index), so a resumed run sees the same crops and flips as an uninterrupted one.
 */
public final class ImageBatches {

  private ImageBatches() {}

  /**
   * @param augmentation null for none (evaluation)
   * @param shuffle true for training; evaluation keeps the data set's order
   */
  public static ArrayBatches of(ImageDataset data, int batchSize, long seed, Augmentation augmentation,
      boolean shuffle) {
    if (data == null) throw new IllegalArgumentException("data must not be null");
    int h = data.height(), w = data.width(), c = data.channels();
    ArrayBatches.Builder b = ArrayBatches.ofFloats(data.pixels(), Shape.of(h, w, c), data.labels())
        .batchSize(batchSize).seed(seed).shuffle(shuffle);
    if (augmentation != null) {
      b.transform((inputs, rows, shape, rng) -> augmentation.apply(inputs, rows, h, w, c, rng.nextLong(), 0, 0));
    }
    return b.build();
  }
}
