package io.github.llr4j.nlp.model;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Initializers;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.Embedding;
import io.github.llr4j.core.nn.layers.Layer;
import io.github.llr4j.core.nn.layers.LayerNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * A {@link TransformerSpec} built into a graph (see the spec for the formulas and shapes).
 * Variables live under the sub-scope {@code encoder} of the build scope; {@link #weights()} lists
 * them by their name relative to it (e.g. {@code layer_0/attention/query/kernel}), which is the
 * name checkpoints and weight imports use.
 */
public final class TransformerModel implements Model {

  /** The encoder's output for a batch: hidden states {@code [B, S, H]} and the mask {@code [B, S]} (1 real, 0 pad). */
  public record Encoded(Operand<TFloat32> hidden, Operand<TFloat32> mask, Operand<TInt32> ids) {}

  private static final float MASKED = -1e9f;

  private final TransformerSpec spec;
  private final boolean pretraining;
  private final Embedding word;
  private final Embedding position;
  private final float[][] sinusoid;
  private final Embedding type;
  private final LayerNorm embeddingNorm;
  private final List<EncoderLayer> layers = new ArrayList<>();
  private final LayerNorm finalNorm;
  private final Dense pooler;
  private final Dense classifier;
  private final Dropout embeddingDropout;
  private final Dropout headDropout;
  private final Dense mlmTransform;
  private final LayerNorm mlmNorm;
  private final Variable<TFloat32> mlmBias;
  private final Map<String, Variable<TFloat32>> weights = new LinkedHashMap<>();
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final String prefix;

  TransformerModel(TransformerSpec spec, Ops tf, long seed, boolean pretraining) {
    this.spec = spec;
    this.pretraining = pretraining;
    Ops enc = tf.withSubScope("encoder");
    Initializer normal = Initializers.truncatedNormal(spec.initializerRange());
    Initializer zeros = Initializers.zeros();
    int h = spec.hidden();
    Ops emb = enc.withSubScope("embeddings");
    word = add(new Embedding(emb, "word", spec.vocabSize(), h, normal, Seeds.derive(seed, "word")), true);
    position = spec.learnedPositions()
        ? add(new Embedding(emb, "position", spec.maxLength(), h, normal, Seeds.derive(seed, "position")), true)
        : null;
    sinusoid = spec.learnedPositions() ? null : sinusoid(spec.maxLength(), h);
    type = spec.typeVocab() > 0
        ? add(new Embedding(emb, "type", spec.typeVocab(), h, normal, Seeds.derive(seed, "type")), true)
        : null;
    embeddingNorm = spec.preNorm() ? null : add(new LayerNorm(emb, "norm", h, spec.layerNormEpsilon()), true);
    for (int i = 0; i < spec.layers(); i++) {
      layers.add(add(new EncoderLayer(enc, "layer_" + i, spec, normal, zeros, Seeds.derive(seed, i)), true));
    }
    finalNorm = spec.preNorm() ? add(new LayerNorm(enc, "final_norm", h, spec.layerNormEpsilon()), true) : null;
    pooler = spec.pooling() == TransformerSpec.Pooling.CLS
        ? add(new Dense(enc, "pooler", h, h, true, normal, zeros, Seeds.derive(seed, "pooler")), !pretraining)
        : null;
    classifier = add(new Dense(enc, "classifier", h, spec.classes(), true, normal, zeros,
        Seeds.derive(seed, "classifier")), !pretraining);
    embeddingDropout = new Dropout("embedding_dropout", spec.dropout(), seed);
    headDropout = new Dropout("head_dropout", spec.dropout(), seed);
    if (pretraining) {
      Ops m = enc.withSubScope("mlm");
      mlmTransform = add(new Dense(m, "transform", h, h, true, normal, zeros, Seeds.derive(seed, "mlm")), true);
      mlmNorm = add(new LayerNorm(m, "norm", h, spec.layerNormEpsilon()), true);
      mlmBias = m.withName("bias").variable(m.zeros(m.constant(Shape.of(spec.vocabSize())), TFloat32.class));
      trainable.add(mlmBias);
      register(mlmBias);
    } else {
      mlmTransform = null;
      mlmNorm = null;
      mlmBias = null;
    }
    prefix = commonPrefix();
  }

  private <L extends Layer> L add(L layer, boolean train) {
    for (Variable<TFloat32> v : layer.trainableVariables()) {
      if (train) trainable.add(v);
      register(v);
    }
    return layer;
  }

  private void register(Variable<TFloat32> v) {
    weights.put(v.op().name(), v);
  }

  /** Re-keys the variables by their name below {@code .../encoder/}. */
  private String commonPrefix() {
    String any = word.table().op().name();
    int at = any.lastIndexOf("encoder/");
    String p = any.substring(0, at + "encoder/".length());
    Map<String, Variable<TFloat32>> rekeyed = new LinkedHashMap<>();
    weights.forEach((k, v) -> rekeyed.put(k.substring(p.length()), v));
    weights.clear();
    weights.putAll(rekeyed);
    return p;
  }

  public TransformerSpec spec() {
    return spec;
  }

  /**
   * Every variable by its name relative to the encoder scope, e.g. {@code embeddings/word/table},
   * {@code layer_3/ffn/intermediate/kernel}, {@code classifier/bias}, {@code mlm/bias}.
   */
  public Map<String, Variable<TFloat32>> weights() {
    return java.util.Collections.unmodifiableMap(weights);
  }

  /** The graph name prefix of the variables ({@code <build scope>/encoder/}). */
  public String variablePrefix() {
    return prefix;
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return List.copyOf(trainable);
  }

  @Override
  public List<Variable<TFloat32>> stateVariables() {
    return List.of();
  }

  @Override
  public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input) {
    return logits(ctx, input, null);
  }

  /** Logits, and (when {@code probs} is not null) each layer's attention weights {@code [B, h, S, S]}. */
  public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input, List<Operand<TFloat32>> probs) {
    Operand<TFloat32> pooled = pooled(ctx, encode(ctx, input, probs));
    Ops tf = ctx.tf().withSubScope("encoder").withSubScope("head");
    return classifier.apply(ctx, headDropout.apply(ctx, pooled));
  }

  /** What the classifier reads, {@code [B, H]}: BERT's pooler output or the masked mean (see the spec). */
  public Operand<TFloat32> pooled(ModelContext ctx, Encoded e) {
    Ops tf = ctx.tf().withSubScope("encoder").withSubScope("head");
    Operand<TFloat32> pooled;
    if (spec.pooling() == TransformerSpec.Pooling.CLS) {
      Operand<TFloat32> first = tf.squeeze(tf.gather(e.hidden(), tf.constant(new int[] {0}), tf.constant(1)),
          org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      pooled = Activations.tanh(tf, pooler.apply(ctx, first));
    } else {
      Operand<TFloat32> m = tf.expandDims(e.mask(), tf.constant(-1));
      Operand<TFloat32> sum = tf.sum(tf.math.mul(e.hidden(), m), tf.constant(1));
      Operand<TFloat32> count = tf.math.maximum(tf.sum(m, tf.constant(1)), tf.constant(1f));
      pooled = tf.math.div(sum, count);
    }
    return pooled;
  }

  /** Runs the embeddings and the layers on int32 {@code input} ({@code [B, S]} or packed {@code [B, 2, S]}). */
  public Encoded encode(ModelContext ctx, Operand<? extends TType> input, List<Operand<TFloat32>> probs) {
    if (input.type() != TInt32.class)
      throw new IllegalArgumentException("input must be int32 token ids, got " + input.type().getSimpleName());
    @SuppressWarnings("unchecked")
    Operand<TInt32> in = (Operand<TInt32>) input;
    Ops tf = ctx.tf().withSubScope("encoder");
    Operand<TInt32> ids;
    Operand<TInt32> types = null;
    int rank = in.shape().numDimensions();
    if (rank == 3) {
      if (type == null || spec.typeVocab() < 2)
        throw new IllegalArgumentException("packed [batch, 2, seq] input needs typeVocab >= 2, got " + spec.typeVocab());
      ids = tf.squeeze(tf.gather(in, tf.constant(new int[] {0}), tf.constant(1)),
          org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
      types = tf.squeeze(tf.gather(in, tf.constant(new int[] {1}), tf.constant(1)),
          org.tensorflow.op.core.Squeeze.axis(List.of(1L)));
    } else if (rank == 2) {
      ids = in;
    } else {
      throw new IllegalArgumentException("input must be [batch, seq] or [batch, 2, seq], got shape " + in.shape());
    }
    Operand<TInt32> shape = tf.shape(ids);
    Operand<TInt32> seqLen = tf.reshape(tf.gather(shape, tf.constant(1), tf.constant(0)), tf.constant(new int[0]));
    Operand<TFloat32> mask = tf.dtypes.cast(tf.math.notEqual(ids, tf.constant(spec.padId())), TFloat32.class);
    Ops emb = tf.withSubScope("embeddings");
    Operand<TFloat32> x = word.apply(ctx, ids);
    Operand<TInt32> positions = emb.range(emb.constant(0), seqLen, emb.constant(1));
    Operand<TFloat32> pos = position != null
        ? position.apply(ctx, positions)
        : emb.gather(emb.constant(StdArrays.ndCopyOf(sinusoid)), positions, emb.constant(0));
    x = emb.math.add(x, pos);
    if (type != null) {
      x = emb.math.add(x, type.apply(ctx, types != null ? types : emb.zerosLike(ids)));
    }
    int h = spec.hidden();
    Operand<TFloat32> rows = emb.reshape(x, emb.constant(new int[] {-1, h}));
    if (embeddingNorm != null) rows = embeddingNorm.apply(ctx, rows);
    rows = embeddingDropout.apply(ctx, rows);
    Operand<TFloat32> keyMask = tf.reshape(tf.math.mul(tf.math.sub(mask, tf.constant(1f)), tf.constant(-MASKED)),
        tf.concat(List.of(tf.gather(shape, tf.constant(new int[] {0}), tf.constant(0)),
            tf.constant(new int[] {1, 1}), tf.reshape(seqLen, tf.constant(new int[] {1}))), tf.constant(0)));
    for (EncoderLayer layer : layers) rows = layer.apply(ctx, rows, shape, keyMask, probs);
    if (finalNorm != null) rows = finalNorm.apply(ctx, rows);
    Operand<TFloat32> hidden = tf.reshape(rows, tf.concat(List.of(shape, tf.constant(new int[] {h})), tf.constant(0)));
    return new Encoded(hidden, mask, ids);
  }

  /**
   * Masked-language-model logits {@code [N, V]} of hidden rows {@code [N, H]}: LN(act(h Wt + bt))
   * E^T + b with E the word embedding table (tied, as BERT). Only on a pretraining build.
   */
  public Operand<TFloat32> mlmLogits(ModelContext ctx, Operand<TFloat32> rows) {
    if (!pretraining) throw new IllegalStateException("mlmLogits needs a model built with buildForPretraining");
    Ops tf = ctx.tf().withSubScope("encoder").withSubScope("mlm");
    Operand<TFloat32> t = mlmNorm.apply(ctx, spec.activation().apply(tf, mlmTransform.apply(ctx, rows)));
    Operand<TFloat32> z = tf.linalg.matMul(t, Params.read(tf, word.table()), MatMul.transposeB(true));
    return tf.nn.biasAdd(z, Params.read(tf, mlmBias));
  }

  /** Sinusoidal table {@code [P, H]}: pe[p, 2i] = sin(p / 10000^(2i/H)), pe[p, 2i+1] = cos(same). */
  static float[][] sinusoid(int positions, int hidden) {
    float[][] pe = new float[positions][hidden];
    for (int p = 0; p < positions; p++) {
      for (int i = 0; i < hidden / 2; i++) {
        double angle = p / Math.pow(10000, 2.0 * i / hidden);
        pe[p][2 * i] = (float) Math.sin(angle);
        pe[p][2 * i + 1] = (float) Math.cos(angle);
      }
    }
    return pe;
  }
}
