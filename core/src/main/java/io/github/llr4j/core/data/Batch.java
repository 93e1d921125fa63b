package io.github.llr4j.core.data;

import org.tensorflow.Tensor;
import org.tensorflow.types.TInt32;

/**
 * One mini-batch: inputs {@code [size, ...example shape]} (float32 pixels or int32 token ids) and
 * int32 class labels {@code [size]}. Owns its tensors; close it after the step.
 */
public record Batch(Tensor inputs, TInt32 labels, int size) implements AutoCloseable {

  public Batch {
    if (size < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + size);
    if (inputs.shape().numDimensions() < 1 || inputs.shape().get(0) != size)
      throw new IllegalArgumentException(
          "inputs must have " + size + " rows, got shape " + inputs.shape());
    if (labels.shape().numDimensions() != 1 || labels.shape().get(0) != size)
      throw new IllegalArgumentException(
          "labels must have shape [" + size + "], got " + labels.shape());
  }

  @Override
  public void close() {
    inputs.close();
    labels.close();
  }
}
