package io.github.llr4j.core.data;

import java.util.Iterator;
import java.util.OptionalLong;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.family.TType;

/**
 * A data set cut into mini-batches. The order of epoch {@code e} depends only on the data set's
 * seed and {@code e}, so a resumed run sees the same batches as an uninterrupted one.
 */
public interface Batches {

  /** Element type of {@link Batch#inputs()}. */
  Class<? extends TType> inputType();

  /** Shape of one example, without the batch dimension (e.g. {@code [28, 28, 1]}). */
  Shape exampleShape();

  /** Number of examples. */
  int size();

  /** Number of batches one epoch yields. */
  int batchesPerEpoch();

  /** The batches of epoch {@code epoch}; the caller closes each batch it receives. */
  Iterator<Batch> epoch(int epoch);

  /**
   * Total time consumers have waited for a batch of this source (nanoseconds), when it measures
   * it (prefetching sources do); the trainer reports the epoch's share as {@code input_share}.
   */
  default OptionalLong inputWaitNanosTotal() {
    return OptionalLong.empty();
  }
}
