package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * Stateless spatial reductions on NHWC input and flattening. Padding is TF's {@code SAME} or
 * {@code VALID} (PyTorch's default pooling equals VALID).
 */
public final class Pooling {
  private Pooling() {}

  /** Max pool with a {@code size x size} window and the given stride. */
  public static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> x, int size, int stride,
      Padding padding) {
    checkPadding(padding);
    return tf.nn.maxPool(x, tf.constant(new int[] {1, size, size, 1}),
        tf.constant(new int[] {1, stride, stride, 1}), padding.mode());
  }

  /** Average pool; with SAME, border windows average only the valid cells (TF semantics). */
  public static Operand<TFloat32> avgPool(Ops tf, Operand<TFloat32> x, int size, int stride,
      Padding padding) {
    checkPadding(padding);
    return tf.nn.avgPool(x, List.of(1L, (long) size, (long) size, 1L),
        List.of(1L, (long) stride, (long) stride, 1L), padding.mode());
  }

  /** {@code [batch, h, w, c] -> [batch, c]}, the mean over h and w. */
  public static Operand<TFloat32> globalAveragePool(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(x, tf.constant(new int[] {1, 2}), Mean.keepDims(false));
  }

  /** {@code [batch, d1, ..., dk] -> [batch, d1*...*dk]}; d1..dk must be known statically. */
  public static Operand<TFloat32> flatten(Ops tf, Operand<TFloat32> x) {
    Shape s = x.shape();
    long features = 1;
    for (int i = 1; i < s.numDimensions(); i++) {
      Require.that(s.get(i) >= 0, "x", "have static non-batch dimensions", s);
      features *= s.get(i);
    }
    return tf.reshape(x, tf.constant(new long[] {-1, features}));
  }

  private static void checkPadding(Padding padding) {
    Require.that(!padding.mode().equals("EXPLICIT"), "padding", "be SAME or VALID for pooling", padding);
  }
}
