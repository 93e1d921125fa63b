package io.github.llr4j.core.nn.init;

import org.tensorflow.ndarray.Shape;

/**
 * Fan-in and fan-out of a weight tensor, as PyTorch's {@code _calculate_fan_in_and_fan_out}
 * computes them: for a dense kernel {@code [in, out]} fanIn = in, fanOut = out; for a convolution
 * kernel {@code [h, w, in, out]} (TF layout) fanIn = h*w*in, fanOut = h*w*out. A depthwise kernel
 * {@code [h, w, channels, multiplier]} corresponds to PyTorch groups = channels, so fanIn = h*w and
 * fanOut = h*w*multiplier; use {@link #depthwise} for it.
 */
public record Fans(long fanIn, long fanOut) {

  public Fans {
    if (fanIn <= 0 || fanOut <= 0) {
      throw new IllegalArgumentException(
          "fanIn and fanOut must be positive, got " + fanIn + " and " + fanOut);
    }
  }

  /** Fans of a dense ({@code [in, out]}) or convolution ({@code [h, w, in, out]}) kernel. */
  public static Fans of(Shape shape) {
    int rank = shape.numDimensions();
    if (rank == 1) {
      return new Fans(shape.get(0), shape.get(0));
    }
    if (rank < 2) {
      throw new IllegalArgumentException("shape must have rank >= 1, got " + shape);
    }
    long receptive = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptive *= shape.get(i);
    }
    return new Fans(receptive * shape.get(rank - 2), receptive * shape.get(rank - 1));
  }

  /** Fans of a depthwise kernel {@code [h, w, channels, multiplier]} (PyTorch groups = channels). */
  public static Fans depthwise(Shape shape) {
    if (shape.numDimensions() != 4) {
      throw new IllegalArgumentException("depthwise kernel shape must have rank 4, got " + shape);
    }
    long receptive = shape.get(0) * shape.get(1);
    return new Fans(receptive, receptive * shape.get(3));
  }
}
