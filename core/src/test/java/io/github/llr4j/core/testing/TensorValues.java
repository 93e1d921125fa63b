package io.github.llr4j.core.testing;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Reads and writes flat float32 values of graph operands and variables in a session. */
public final class TensorValues {
  private TensorValues() {}

  /** The value of {@code x} as a flat row-major array. */
  public static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  public static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  public static TFloat32 tensor(Shape shape, float[] values) {
    if (shape.size() != values.length) {
      throw new IllegalArgumentException(
          "values must have " + shape.size() + " elements for " + shape + ", got " + values.length);
    }
    return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
  }

  /**
   * Sets {@code v} to {@code values} (row-major) by running an assign fed from a placeholder. Builds
   * two ops per call: fine in tests, not for a training loop.
   */
  public static void assign(Ops tf, Session s, Variable<TFloat32> v, float[] values) {
    Placeholder<TFloat32> p = tf.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
    var op = tf.assign(v, p);
    try (TFloat32 t = tensor(v.shape(), values)) {
      s.runner().feed(p, t).addTarget(op).run();
    }
  }
}
