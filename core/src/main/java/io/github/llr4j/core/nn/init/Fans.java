package io.github.llr4j.core.nn.init;

import io.github.llr4j.core.check.Require;
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
    Require.that(fanIn > 0 && fanOut > 0, "fanIn and fanOut", "be positive", fanIn + " and " + fanOut);
  }

  /** Fans of a dense ({@code [in, out]}) or convolution ({@code [h, w, in, out]}) kernel. */
  public static Fans of(Shape shape) {
    int rank = shape.numDimensions();
    if (rank == 1) {
      return new Fans(shape.get(0), shape.get(0));
    }
    Require.that(rank >= 2, "shape", "have rank >= 1", shape);
    long receptive = 1;
    for (int i = 0; i < rank - 2; i++) {
      receptive *= shape.get(i);
    }
    return new Fans(receptive * shape.get(rank - 2), receptive * shape.get(rank - 1));
  }

  /** Fans of a depthwise kernel {@code [h, w, channels, multiplier]} (PyTorch groups = channels). */
  public static Fans depthwise(Shape shape) {
    Require.that(shape.numDimensions() == 4, "depthwise kernel shape", "have rank 4", shape);
    long receptive = shape.get(0) * shape.get(1);
    return new Fans(receptive, receptive * shape.get(3));
  }
}
