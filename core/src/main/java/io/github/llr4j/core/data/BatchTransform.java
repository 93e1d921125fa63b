package io.github.llr4j.core.data;

import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * A host-side change applied to one float32 batch before it becomes a tensor (augmentation:
 * crops, flips, cutout). It edits {@code inputs} ({@code rows * exampleShape.size()} values, row
 * major) in place. {@code rng} is seeded from (data seed, epoch, batch index), so an augmented
 * epoch is reproducible and a resumed run sees the same augmentations. Runs on the prefetch
 * thread, so it must not touch shared mutable state.
 */
@FunctionalInterface
public interface BatchTransform {

  void apply(float[] inputs, int rows, Shape exampleShape, Random rng);
}
