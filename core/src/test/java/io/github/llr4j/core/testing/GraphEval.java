package io.github.llr4j.core.testing;

import io.github.llr4j.core.reshape.LossReshaper;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * Evaluates a reshaper's graph at host points, float64 and float32: {value, TF symbolic gradient,
 * value and derivative from {@link LossReshaper#applyWithDerivative}}.
 */
public final class GraphEval implements AutoCloseable {
  private final Graph g = new Graph();
  private final Session s;
  private final Placeholder<TFloat64> x64;
  private final Operand<TFloat64> y64;
  private final Operand<TFloat64> d64;
  private final Placeholder<TFloat32> x32;
  private final Operand<TFloat32> y32;
  private final Operand<TFloat32> d32;
  private final LossReshaper.WithDerivative<TFloat64> w64;
  private final LossReshaper.WithDerivative<TFloat32> w32;

  /** Builds {@code r} (with its own coefficient values) in float64 and float32 and a session. */
  public GraphEval(LossReshaper r) {
    Ops tf = Ops.create(g);
    x64 = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.scalar()));
    y64 = r.apply(tf, tf.identity(x64));
    d64 = tf.gradients(y64, List.of(x64)).dy(0);
    x32 = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    y32 = r.apply(tf, tf.identity(x32));
    d32 = tf.gradients(y32, List.of(x32)).dy(0);
    w64 = r.applyWithDerivative(tf, tf.identity(x64));
    w32 = r.applyWithDerivative(tf, tf.identity(x32));
    s = new Session(g);
  }

  /** {value, gradient, applyWithDerivative value, its derivative} in float64. */
  public double[] at64(double x) {
    try (TFloat64 in = TFloat64.scalarOf(x);
        Result r = s.runner().feed(x64, in).fetch(y64).fetch(d64).fetch(w64.value()).fetch(w64.derivative()).run()) {
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) out[i] = ((TFloat64) r.get(i)).getDouble();
      return out;
    }
  }

  /** {value, gradient, applyWithDerivative value, its derivative} in float32. */
  public float[] at32(float x) {
    try (TFloat32 in = TFloat32.scalarOf(x);
        Result r = s.runner().feed(x32, in).fetch(y32).fetch(d32).fetch(w32.value()).fetch(w32.derivative()).run()) {
      float[] out = new float[4];
      for (int i = 0; i < 4; i++) out[i] = ((TFloat32) r.get(i)).getFloat();
      return out;
    }
  }

  @Override
  public void close() {
    s.close();
    g.close();
  }
}
