package io.github.llr4j.core.nn.init;

import io.github.llr4j.core.check.Require;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The initialisers the project's models use. Formulas (PyTorch {@code torch.nn.init}, He et al.
 * 2015, Glorot and Bengio 2010):
 *
 * <ul>
 *   <li>He normal: N(0, gain/sqrt(fan)), gain = sqrt 2 (ReLU); fan = fan_in or fan_out
 *       ({@code kaiming_normal_(mode='fan_out')} is what CIFAR ResNets use for conv kernels).
 *   <li>He uniform: U(-b, b), b = gain*sqrt(3/fan).
 *   <li>Glorot uniform: U(-b, b), b = sqrt(6/(fan_in + fan_out)).
 *   <li>PyTorch default Linear/Conv weight and bias ({@code kaiming_uniform_(a=sqrt 5)}, and the
 *       bias rule): U(-1/sqrt(fan_in), 1/sqrt(fan_in)); for a bias pass the fans of its weight.
 *   <li>Truncated normal(std): N(0, std) re-drawn outside two standard deviations (BERT, 0.02).
 * </ul>
 *
 * <p>Deviation: values come from TF's stateless Philox generator, so they differ from PyTorch's
 * for the same seed; only the distributions match.
 */
public final class Initializers {
  private Initializers() {}

  /** Which fan scales a He initialiser. */
  public enum FanMode {
    FAN_IN,
    FAN_OUT
  }

  private static final double RELU_GAIN = Math.sqrt(2.0);

  public static Initializer zeros() {
    return (tf, shape, fans, seed) -> tf.zeros(tf.constant(shape), TFloat32.class);
  }

  public static Initializer ones() {
    return constant(1f);
  }

  public static Initializer constant(float value) {
    return (tf, shape, fans, seed) -> tf.fill(tf.constant(shape), tf.constant(value));
  }

  public static Initializer heNormal(FanMode mode) {
    return (tf, shape, fans, seed) ->
        scaled(tf, tf.random.statelessRandomNormal(tf.constant(shape), seedPair(tf, seed)),
            RELU_GAIN / Math.sqrt(fan(fans, mode)));
  }

  public static Initializer heUniform(FanMode mode) {
    return (tf, shape, fans, seed) ->
        uniform(tf, shape, seed, RELU_GAIN * Math.sqrt(3.0 / fan(fans, mode)));
  }

  public static Initializer glorotUniform() {
    return (tf, shape, fans, seed) ->
        uniform(tf, shape, seed, Math.sqrt(6.0 / (fans.fanIn() + fans.fanOut())));
  }

  /** PyTorch's default for Linear and Conv weights and biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
  public static Initializer pytorchDefault() {
    return (tf, shape, fans, seed) -> uniform(tf, shape, seed, 1.0 / Math.sqrt(fans.fanIn()));
  }

  public static Initializer truncatedNormal(double std) {
    Require.that(std > 0 && !Double.isInfinite(std), "std", "be positive and finite", std);
    return (tf, shape, fans, seed) ->
        scaled(tf, tf.random.statelessTruncatedNormal(tf.constant(shape), seedPair(tf, seed)), std);
  }

  /** U(-bound, bound) drawn from a stateless uniform on [0, 1). */
  static Operand<TFloat32> uniform(Ops tf, Shape shape, long seed, double bound) {
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.constant(shape), seedPair(tf, seed));
    return tf.math.sub(tf.math.mul(u, tf.constant((float) (2 * bound))), tf.constant((float) bound));
  }

  private static Operand<TFloat32> scaled(Ops tf, Operand<TFloat32> x, double factor) {
    return tf.math.mul(x, tf.constant((float) factor));
  }

  /** The [2] seed the stateless ops take: two halves that differ even for small seeds. */
  static Operand<TInt64> seedPair(Ops tf, long seed) {
    return tf.constant(new long[] {Seeds.mix(seed), Seeds.mix(~seed)});
  }

  private static long fan(Fans fans, FanMode mode) {
    return mode == FanMode.FAN_IN ? fans.fanIn() : fans.fanOut();
  }
}
