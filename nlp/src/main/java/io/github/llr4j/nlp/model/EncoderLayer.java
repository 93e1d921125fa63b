package io.github.llr4j.nlp.model;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.Layer;
import io.github.llr4j.core.nn.layers.LayerNorm;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One transformer encoder layer on rows {@code [B*S, H]}: self-attention and the (GELU) feed-forward
 * {@code intermediate [H, F]} -> {@code output [F, H]}, each a residual branch with dropout and a
 * layer norm ({@code attention_norm}, {@code ffn_norm}) after (post-norm) or before (pre-norm) it.
 */
final class EncoderLayer implements Layer {
  private final boolean preNorm;
  private final Activation activation;
  private final SelfAttention attention;
  private final LayerNorm attentionNorm;
  private final Dense intermediate;
  private final Dense ffnOutput;
  private final LayerNorm ffnNorm;
  private final Dropout attentionDropout;
  private final Dropout ffnDropout;
  private final String name;

  EncoderLayer(Ops tf, String name, TransformerSpec spec, Initializer kernelInit,
      Initializer biasInit, long seed) {
    this.name = name;
    this.preNorm = spec.preNorm();
    this.activation = spec.activation();
    Ops s = tf.withSubScope(name);
    int h = spec.hidden();
    attention = new SelfAttention(s, name, h, spec.heads(), spec.attentionDropout(), kernelInit,
        biasInit, Seeds.derive(seed, "attention"));
    attentionNorm = new LayerNorm(s, "attention_norm", h, spec.layerNormEpsilon());
    Ops f = s.withSubScope("ffn");
    intermediate = new Dense(f, "intermediate", h, spec.intermediate(), true, kernelInit, biasInit,
        Seeds.derive(seed, "intermediate"));
    ffnOutput = new Dense(f, "output", spec.intermediate(), h, true, kernelInit, biasInit,
        Seeds.derive(seed, "ffn_output"));
    ffnNorm = new LayerNorm(s, "ffn_norm", h, spec.layerNormEpsilon());
    attentionDropout = new Dropout(name + "_attention_out", spec.dropout(), seed);
    ffnDropout = new Dropout(name + "_ffn_out", spec.dropout(), seed);
  }

  Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x, Operand<TInt32> batchSeq,
      Operand<TFloat32> keyMask, List<Operand<TFloat32>> probs) {
    Ops tf = ctx.tf().withSubScope(name);
    ModelContext c = ctx;
    if (preNorm) {
      x = tf.math.add(x, attentionDropout.apply(c, attention.apply(c, attentionNorm.apply(c, x), batchSeq, keyMask, probs)));
      return tf.math.add(x, ffnDropout.apply(c, ffn(c, ffnNorm.apply(c, x))));
    }
    x = attentionNorm.apply(c, tf.math.add(x, attentionDropout.apply(c, attention.apply(c, x, batchSeq, keyMask, probs))));
    return ffnNorm.apply(c, tf.math.add(x, ffnDropout.apply(c, ffn(c, x))));
  }

  private Operand<TFloat32> ffn(ModelContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf().withSubScope("ffn");
    return ffnOutput.apply(ctx, activation.apply(tf, intermediate.apply(ctx, x)));
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    List<Variable<TFloat32>> all = new ArrayList<>(attention.trainableVariables());
    all.addAll(attentionNorm.trainableVariables());
    all.addAll(intermediate.trainableVariables());
    all.addAll(ffnOutput.trainableVariables());
    all.addAll(ffnNorm.trainableVariables());
    return all;
  }
}
