package io.github.llr4j.core.nn.layers;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Stateless activation functions. */
public final class Activations {
  private Activations() {}

  public static Operand<TFloat32> relu(Ops tf, Operand<TFloat32> x) {
    return tf.nn.relu(x);
  }

  /** Exact GELU (PyTorch default, BERT): 0.5 x (1 + erf(x / sqrt 2)). */
  public static Operand<TFloat32> gelu(Ops tf, Operand<TFloat32> x) {
    Ops s = tf.withSubScope("gelu");
    Operand<TFloat32> erf = s.math.erf(s.math.mul(x, s.constant((float) (1 / Math.sqrt(2)))));
    return s.math.mul(s.math.mul(x, s.constant(0.5f)), s.math.add(erf, s.constant(1f)));
  }

  public static Operand<TFloat32> tanh(Ops tf, Operand<TFloat32> x) {
    return tf.math.tanh(x);
  }

  /** ReLU6 = min(max(x, 0), 6) (MobileNetV2). */
  public static Operand<TFloat32> relu6(Ops tf, Operand<TFloat32> x) {
    return tf.nn.relu6(x);
  }
}
