package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over the last (channel) axis of NHWC {@code [batch, h, w, c]} or
 * {@code [batch, c]} input, PyTorch semantics: y = gamma (x - mu) / sqrt(var + eps) + beta.
 *
 * <p>Training: mu, var are the biased batch statistics (FusedBatchNormV3, training mode; 2-D input
 * is viewed as {@code [batch, 1, 1, c]} so the fused kernel serves both). The moving statistics
 * follow PyTorch: {@code m <- (1 - momentum) m + momentum * batchMean}, {@code v <- (1 - momentum)
 * v + momentum * unbiasedBatchVar} (FusedBatchNormV3 reports the Bessel-corrected variance), default
 * momentum 0.1, as assign ops handed to {@link ModelContext#addUpdate}. Inference: the moving
 * statistics, applied as x * scale + shift with scale = gamma / sqrt(v + eps), shift = beta - m scale. gamma (ones) and beta (zeros) are trainable; moving mean (zeros) and variance (ones)
 * are state variables.
 */
public final class BatchNorm implements Layer {
  /** PyTorch's epsilon, used by the three-argument constructor (and assumed when folding, see core.diag.psi). */
  public static final float DEFAULT_EPSILON = 1e-5f;

  private final String name;
  private final float epsilon;
  private final float momentum;
  private final Variable<TFloat32> gamma;
  private final Variable<TFloat32> beta;
  private final Variable<TFloat32> movingMean;
  private final Variable<TFloat32> movingVar;
  private final int channels;

  /** PyTorch defaults: eps 1e-5, momentum 0.1. */
  public BatchNorm(Ops tf, String name, int channels) {
    this(tf, name, channels, DEFAULT_EPSILON, 0.1f);
  }

  public BatchNorm(Ops tf, String name, int channels, float epsilon, float momentum) {
    this.name = LayerVariables.requireName(name);
    this.channels = Require.positive("channels", channels);
    Require.that(epsilon > 0, "epsilon", "be positive", epsilon);
    Require.that(momentum > 0 && momentum <= 1, "momentum", "be in (0, 1]", momentum);
    this.epsilon = epsilon;
    this.momentum = momentum;
    Ops s = tf.withSubScope(name);
    Shape shape = Shape.of(channels);
    Fans fans = Fans.of(shape);
    gamma = LayerVariables.create(s, "gamma", shape, fans, Initializers.ones(), 0);
    beta = LayerVariables.create(s, "beta", shape, fans, Initializers.zeros(), 0);
    movingMean = LayerVariables.create(s, "moving_mean", shape, fans, Initializers.zeros(), 0);
    movingVar = LayerVariables.create(s, "moving_variance", shape, fans, Initializers.ones(), 0);
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf().withSubScope(name);
    int rank = x.shape().numDimensions();
    Require.that(rank == 2 || rank == 4, "x", "have rank 2 or 4", "shape " + x.shape());
    Operand<TFloat32> x4 = rank == 4 ? x : tf.reshape(x, tf.constant(new long[] {-1, 1, 1, channels}));
    Operand<TFloat32> y;
    if (ctx.training()) {
      Operand<TFloat32> empty = tf.constant(new float[0]);
      FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x4, Params.read(tf, gamma),
          Params.read(tf, beta), empty, empty, FusedBatchNorm.epsilon(epsilon),
          FusedBatchNorm.isTraining(true), FusedBatchNorm.exponentialAvgFactor(1f));
      y = bn.y();
      Operand<TFloat32> m = tf.constant(momentum);
      ctx.addUpdate(tf.assignSub(movingMean,
          tf.math.mul(tf.math.sub(Params.read(tf, movingMean), bn.batchMean()), m)));
      ctx.addUpdate(tf.assignSub(movingVar,
          tf.math.mul(tf.math.sub(Params.read(tf, movingVar), bn.batchVariance()), m)));
    } else {
      // The affine form, not FusedBatchNormV3(is_training=false): whenever a gradient flows through
      // it (attacks, Hessian products, flatness), oneDNN's kernel took ~12 ms per call on a ResNet-20
      // batch of 128, and the network's input gradient took 1.9x as long as with this form (weight
      // gradient 1.5x). Without a gradient both cost the same (bench attack; README "Speed beside
      // PyTorch").
      Operand<TFloat32> scale = tf.math.mul(Params.read(tf, gamma),
          tf.math.rsqrt(tf.math.add(Params.read(tf, movingVar), tf.constant(epsilon))));
      Operand<TFloat32> shift = tf.math.sub(Params.read(tf, beta), tf.math.mul(Params.read(tf, movingMean), scale));
      y = tf.math.add(tf.math.mul(x4, scale), shift);
    }
    return rank == 4 ? y : tf.reshape(y, tf.constant(new long[] {-1, channels}));
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return List.of(gamma, beta);
  }

  @Override
  public List<Variable<TFloat32>> stateVariables() {
    return List.of(movingMean, movingVar);
  }
}
