package io.github.llr4j.vision.data;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.BatchTransform;
import io.github.llr4j.vision.augment.Augmentation;
import org.tensorflow.ndarray.Shape;

/**
 * An {@link ImageDataset} as {@link io.github.llr4j.core.data.Batches}, through core's
 * {@link ArrayBatches}: float32 NHWC batches {@code [n, height, width, channels]} of [0, 1]
 * pixels with int32 labels, a seeded per-epoch order, background prefetch, and an optional
 * {@link Augmentation} applied to each batch on the prefetch thread.
 *
 * <p>Reproducible and resumable: ArrayBatches hands each batch a generator seeded by (data seed,
 * epoch, batch index); the augmentation seed of that batch is its first {@code nextLong()}. So a
 * batch's examples and its augmentation depend only on (seed, epoch, batch index): epoch 3 of a
 * resumed run is epoch 3 of an uninterrupted one. The data set's pixels are copied per batch and
 * never modified.
 */
public final class ImageBatches {
  private ImageBatches() {}

  /**
   * Training batches of {@code data}, augmented with {@code augmentation} ({@code null}: none).
   * Returns core's builder with the augmentation installed; set batch size, seed, shuffling,
   * dropLast and prefetch on it (defaults: 32, 0, shuffled, keep the last batch, 2 ahead).
   */
  public static ArrayBatches.Builder builder(ImageDataset data, Augmentation augmentation) {
    if (data == null) {
      throw new IllegalArgumentException("data must be non-null, got null");
    }
    return ArrayBatches.ofFloats(data.pixels(), exampleShape(data), data.labels())
        .transform(augmentation == null ? null : transform(augmentation, data));
  }

  /** Evaluation batches: every example once, in stored order, no augmentation. */
  public static ArrayBatches evaluation(ImageDataset data, int batchSize) {
    return builder(data, null).batchSize(batchSize).shuffle(false).dropLast(false).build();
  }

  /** The example shape {@code [height, width, channels]} of {@code data}. */
  public static Shape exampleShape(ImageDataset data) {
    return Shape.of(data.height(), data.width(), data.channels());
  }

  /**
   * {@code augmentation} as a batch transform for images shaped like {@code data}, seeded from
   * the per-batch generator (see the class comment).
   */
  public static BatchTransform transform(Augmentation augmentation, ImageDataset data) {
    if (augmentation == null) {
      throw new IllegalArgumentException("augmentation must be non-null, got null");
    }
    int h = data.height();
    int w = data.width();
    int c = data.channels();
    return (inputs, rows, shape, rng) -> {
      if (shape.numDimensions() != 3 || shape.get(0) != h || shape.get(1) != w
          || shape.get(2) != c) {
        throw new IllegalArgumentException("batch examples must have shape [" + h + ", " + w
            + ", " + c + "], got " + shape);
      }
      augmentation.apply(inputs, rows, h, w, c, rng.nextLong(), 0, 0);
    };
  }
}
