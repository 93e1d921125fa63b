package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Seeds;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Inverted dropout: in training y = x * keep / (1 - rate) with keep = [u >= rate], u ~ U[0, 1)
 * from a stateless generator seeded by the pass's seed pair ({@link ModelContext#seed}) whose first
 * element is XOR-ed with a per-layer constant derived from the layer name and a salt (models pass
 * their build seed, so equally named layers of two models differ too). So one (run seed, step)
 * pair always gives the same mask, another step another mask, and two layers never share a mask.
 * Inference: identity (no ops). Holds no variables.
 */
public final class Dropout {
  private final String name;
  private final float rate;
  private final long layerConstant;

  /** Salt 0: the mask depends on the name only. */
  public Dropout(String name, double rate) {
    this(name, rate, 0L);
  }

  public Dropout(String name, double rate, long salt) {
    this.name = LayerVariables.requireName(name);
    Require.fraction("rate", rate);
    this.rate = (float) rate;
    this.layerConstant = Seeds.derive(Seeds.mix(salt ^ 0x5eedL), name);
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
    if (!ctx.training() || rate == 0f) {
      return x;
    }
    Ops tf = ctx.tf().withSubScope(name);
    Operand<TInt64> seed =
        tf.bitwise.bitwiseXor(ctx.seed(), tf.constant(new long[] {layerConstant, 0L}));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(tf.shape(x, TInt64.class), seed);
    Operand<TFloat32> keep = tf.dtypes.cast(tf.math.greaterEqual(u, tf.constant(rate)), TFloat32.class);
    return tf.math.mul(x, tf.math.mul(keep, tf.constant(1f / (1f - rate))));
  }
}
