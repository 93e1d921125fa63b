package io.github.llr4j.nlp.model;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.BatchMatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Multi-head self-attention (Vaswani et al. 2017, section 3.2) on rows {@code x [B*S, H]}:
 * Q, K, V = x Wq + bq, x Wk + bk, x Wv + bv, split into h heads of d = H/h as {@code [B, h, S, d]};
 * A = softmax(Q K^T / sqrt d + M) with the additive key mask M {@code [B, 1, 1, S]} (0 for real
 * keys, -1e9 for padding); out = concat_heads(Drop(A) V) Wo + bo, {@code [B*S, H]}. Dense layers
 * {@code query, key, value, output} as BERT's; the attention matrix goes through BatchMatMulV3.
 */
final class SelfAttention implements Layer {
  private final int hidden;
  private final int heads;
  private final Dense query;
  private final Dense key;
  private final Dense value;
  private final Dense output;
  private final Dropout probsDropout;

  SelfAttention(Ops tf, String prefix, int hidden, int heads, double attentionDropout,
      Initializer kernelInit, Initializer biasInit, long seed) {
    this.hidden = hidden;
    this.heads = heads;
    Ops s = tf.withSubScope("attention");
    query = new Dense(s, "query", hidden, hidden, true, kernelInit, biasInit, Seeds.derive(seed, "query"));
    key = new Dense(s, "key", hidden, hidden, true, kernelInit, biasInit, Seeds.derive(seed, "key"));
    value = new Dense(s, "value", hidden, hidden, true, kernelInit, biasInit, Seeds.derive(seed, "value"));
    output = new Dense(s, "output", hidden, hidden, true, kernelInit, biasInit, Seeds.derive(seed, "output"));
    probsDropout = new Dropout(prefix + "_attention_probs", attentionDropout, seed);
  }

  /**
   * @param x rows {@code [B*S, H]}
   * @param batchSeq int32 {@code [2]} = (B, S)
   * @param keyMask additive mask {@code [B, 1, 1, S]}
   * @param probs if not null, receives the attention weights {@code [B, h, S, S]} (tests)
   */
  Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x, Operand<TInt32> batchSeq,
      Operand<TFloat32> keyMask, List<Operand<TFloat32>> probs) {
    Ops tf = ctx.tf().withSubScope("attention");
    int d = hidden / heads;
    Operand<TInt32> split = tf.concat(List.of(batchSeq, tf.constant(new int[] {heads, d})), tf.constant(0));
    Operand<TInt32> perm = tf.constant(new int[] {0, 2, 1, 3});
    Operand<TFloat32> q = tf.linalg.transpose(tf.reshape(query.apply(ctx, x), split), perm);
    Operand<TFloat32> k = tf.linalg.transpose(tf.reshape(key.apply(ctx, x), split), perm);
    Operand<TFloat32> v = tf.linalg.transpose(tf.reshape(value.apply(ctx, x), split), perm);
    Operand<TFloat32> scores = tf.math.mul(
        tf.train.batchMatMul(q, k, TFloat32.class, BatchMatMul.adjY(true)),
        tf.constant((float) (1 / Math.sqrt(d))));
    Operand<TFloat32> a = tf.nn.softmax(tf.math.add(scores, keyMask));
    if (probs != null) probs.add(a);
    Operand<TFloat32> mixed = tf.train.batchMatMul(probsDropout.apply(ctx, a), v, TFloat32.class);
    Operand<TFloat32> rows = tf.reshape(tf.linalg.transpose(mixed, perm), tf.constant(new int[] {-1, hidden}));
    return output.apply(ctx, rows);
  }

  Dense query() { return query; }
  Dense key() { return key; }
  Dense value() { return value; }
  Dense output() { return output; }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    List<Variable<TFloat32>> all = new ArrayList<>();
    for (Dense l : List.of(query, key, value, output)) all.addAll(l.trainableVariables());
    return all;
  }
}
