package io.github.llr4j.nlp.model;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelSpec;
import org.tensorflow.op.Ops;

/**
 * A BERT-style transformer encoder with a classification head.
 *
 * <p>Input: int32 token ids {@code [batch, seq]} with {@code seq <= maxLength}; the padding mask
 * is derived in the graph as {@code ids != padId}, and every token has segment (type) id 0. For
 * sentence pairs the input may instead be packed as {@code [batch, 2, seq]}: row 0 the ids, row 1
 * the type ids (then {@code typeVocab} must be >= 2). Output: logits {@code [batch, classes]}.
 *
 * <p>Forward pass (Devlin et al. 2019, "BERT"; Vaswani et al. 2017): e = word[ids] + position[p] +
 * type[t]; post-norm (BERT): x = LN(e), then per layer x = LN(x + Drop(MHA(x))), x = LN(x +
 * Drop(FFN(x))); pre-norm (Xiong et al. 2020): x = e, per layer x = x + Drop(MHA(LN(x))), x = x +
 * Drop(FFN(LN(x))), and a final LN. MHA: softmax(Q K^T / sqrt(d_head) + M) V per head, M = 0 for
 * real keys and -1e9 for padded keys (exp underflows to exactly 0 in float32: padded keys get zero
 * weight and zero gradient). FFN(x) = act(x W1 + b1) W2 + b2 with {@link Activation} act (exact or tanh GELU). Pooling: {@code
 * CLS} = tanh(x[:, 0] Wp + bp) (BERT's pooler), {@code MEAN} = sum over real tokens / count. Head:
 * Drop(pooled) Wc + bc.
 *
 * <p>Parameters (H hidden, F intermediate, V vocab, P maxLength, T typeVocab, L layers, C classes):
 * V H + [P H if learned positions] + T H + [2H embedding LN if post-norm] + L (4 H^2 + 4 H + 2 H F
 * + F + H + 4 H) + [2H final LN if pre-norm] + [H^2 + H pooler if CLS] + H C + C. BERT-base
 * (V 30522, P 512, T 2, H 768, L 12, F 3072) has 109,482,240 before the classifier, as Hugging
 * Face's {@code BertModel}.
 *
 * @param size preset name for reports ({@code tiny}, {@code small}, {@code base} or {@code custom})
 * @param vocabSize V, >= 5 (the special tokens)
 * @param maxLength P, the longest input sequence
 * @param hidden H, divisible by heads
 * @param layers L, >= 1
 * @param heads attention heads, >= 1
 * @param intermediate F, feed-forward width
 * @param typeVocab T, segment types (0: no segment embedding)
 * @param learnedPositions learned position table, else fixed sinusoidal (Vaswani et al. section 3.5)
 * @param preNorm pre-layer-norm, else post-layer-norm (BERT)
 * @param dropout dropout on embeddings, residual branches and the head, in [0, 1)
 * @param attentionDropout dropout on attention weights, in [0, 1)
 * @param pooling what the head sees
 * @param classes C, >= 2
 * @param padId the padding token id
 * @param layerNormEpsilon LN epsilon (BERT: 1e-12)
 * @param initializerRange standard deviation of the truncated-normal weight initialiser (BERT:
 *     0.02); biases start at 0, layer-norm gains at 1
 * @param activation the feed-forward and MLM-transform activation (BERT: exact GELU in Hugging
 *     Face's port, tanh GELU in Google's TensorFlow code)
 */
public record TransformerSpec(String size, int vocabSize, int maxLength, int hidden, int layers,
    int heads, int intermediate, int typeVocab, boolean learnedPositions, boolean preNorm,
    double dropout, double attentionDropout, Pooling pooling, int classes, int padId,
    float layerNormEpsilon, double initializerRange, Activation activation) implements ModelSpec {

  /** What the classification head reads. */
  public enum Pooling {
    /** BERT's pooler: tanh(dense(hidden state of the first token, [CLS])). */
    CLS,
    /** Mean of the hidden states of the non-padding tokens. */
    MEAN
  }

  public TransformerSpec {
    if (size == null || size.isBlank()) throw new IllegalArgumentException("size must be a name, got " + size);
    Require.atLeast("vocabSize", vocabSize, 5);
    Require.atLeast("maxLength", maxLength, 2);
    Require.atLeast("layers", layers, 1);
    Require.atLeast("heads", heads, 1);
    if (hidden < 1 || hidden % heads != 0)
      throw new IllegalArgumentException("hidden must be a positive multiple of heads (" + heads + "), got " + hidden);
    Require.atLeast("intermediate", intermediate, 1);
    Require.atLeast("typeVocab", typeVocab, 0);
    if (!learnedPositions && hidden % 2 != 0)
      throw new IllegalArgumentException("hidden must be even for sinusoidal positions, got " + hidden);
    Require.that(dropout >= 0 && dropout < 1, "dropout", "be in [0, 1)", dropout);
    Require.that(attentionDropout >= 0 && attentionDropout < 1, "attentionDropout", "be in [0, 1)", attentionDropout);
    if (pooling == null) throw new IllegalArgumentException("pooling must be CLS or MEAN, got null");
    Require.classes(classes);
    if (padId < 0 || padId >= vocabSize)
      throw new IllegalArgumentException("padId must be in [0, " + vocabSize + "), got " + padId);
    Require.that(layerNormEpsilon > 0, "layerNormEpsilon", "be > 0", layerNormEpsilon);
    Require.that(initializerRange > 0 && initializerRange < 10, "initializerRange", "be in (0, 10)", initializerRange);
    if (activation == null) throw new IllegalArgumentException("activation must be GELU or GELU_TANH, got null");
  }

  /**
   * A named size: {@code tiny} (2 layers, H 128, 2 heads, F 512, as Google's BERT-Tiny),
   * {@code small} (4 layers, H 256, 4 heads, F 1024, as BERT-Mini) or {@code base} (12 layers, H
   * 768, 12 heads, F 3072, BERT-base). Post-norm, learned positions, 2 segment types, dropout 0.1,
   * [CLS] pooling, pad id 0, LN epsilon 1e-12: BERT's choices.
   */
  public static TransformerSpec named(String size, int vocabSize, int maxLength, int classes) {
    return switch (size) {
      case "tiny" -> bert("tiny", vocabSize, maxLength, 128, 2, 2, 512, classes);
      case "small" -> bert("small", vocabSize, maxLength, 256, 4, 4, 1024, classes);
      case "base" -> bert("base", vocabSize, maxLength, 768, 12, 12, 3072, classes);
      default -> throw new IllegalArgumentException("model size must be tiny, small or base, got " + size);
    };
  }

  /** BERT defaults with the given shapes. */
  public static TransformerSpec bert(String size, int vocabSize, int maxLength, int hidden,
      int layers, int heads, int intermediate, int classes) {
    return new TransformerSpec(size, vocabSize, maxLength, hidden, layers, heads, intermediate, 2,
        true, false, 0.1, 0.1, Pooling.CLS, classes, 0, 1e-12f, 0.02, Activation.GELU);
  }

  /** A builder holding this spec's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder starting from {@link #bert} defaults for the given shapes; set what differs, then
   * {@link Builder#build()} (which validates).
   */
  public static Builder builder(String size, int vocabSize, int maxLength, int hidden, int layers,
      int heads, int intermediate, int classes) {
    return bert(size, vocabSize, maxLength, hidden, layers, heads, intermediate, classes).toBuilder();
  }

  /** Mutable copy of a spec; each setter returns the builder. Not thread-safe. */
  public static final class Builder {
    private String size;
    private int vocabSize, maxLength, hidden, layers, heads, intermediate, typeVocab, classes, padId;
    private boolean learnedPositions, preNorm;
    private double dropout, attentionDropout, initializerRange;
    private Pooling pooling;
    private float layerNormEpsilon;
    private Activation activation;

    private Builder(TransformerSpec s) {
      size = s.size; vocabSize = s.vocabSize; maxLength = s.maxLength; hidden = s.hidden;
      layers = s.layers; heads = s.heads; intermediate = s.intermediate; typeVocab = s.typeVocab;
      learnedPositions = s.learnedPositions; preNorm = s.preNorm; dropout = s.dropout;
      attentionDropout = s.attentionDropout; pooling = s.pooling; classes = s.classes; padId = s.padId;
      layerNormEpsilon = s.layerNormEpsilon; initializerRange = s.initializerRange; activation = s.activation;
    }

    public Builder size(String v) { size = v; return this; }
    public Builder vocabSize(int v) { vocabSize = v; return this; }
    public Builder maxLength(int v) { maxLength = v; return this; }
    public Builder hidden(int v) { hidden = v; return this; }
    public Builder layers(int v) { layers = v; return this; }
    public Builder heads(int v) { heads = v; return this; }
    public Builder intermediate(int v) { intermediate = v; return this; }
    public Builder typeVocab(int v) { typeVocab = v; return this; }
    public Builder learnedPositions(boolean v) { learnedPositions = v; return this; }
    public Builder preNorm(boolean v) { preNorm = v; return this; }
    /** Sets both the residual/head dropout and the attention dropout. */
    public Builder dropout(double v) { dropout = v; attentionDropout = v; return this; }
    public Builder attentionDropout(double v) { attentionDropout = v; return this; }
    public Builder pooling(Pooling v) { pooling = v; return this; }
    public Builder classes(int v) { classes = v; return this; }
    public Builder padId(int v) { padId = v; return this; }
    public Builder layerNormEpsilon(float v) { layerNormEpsilon = v; return this; }
    public Builder initializerRange(double v) { initializerRange = v; return this; }
    public Builder activation(Activation v) { activation = v; return this; }

    /** The spec; throws IllegalArgumentException naming the first invalid value. */
    public TransformerSpec build() {
      return new TransformerSpec(size, vocabSize, maxLength, hidden, layers, heads, intermediate, typeVocab,
          learnedPositions, preNorm, dropout, attentionDropout, pooling, classes, padId, layerNormEpsilon,
          initializerRange, activation);
    }
  }

  @Override
  public String name() {
    return "transformer-" + size;
  }

  @Override
  public TransformerModel build(Ops tf, long seed) {
    return new TransformerModel(this, tf, seed, false);
  }

  /**
   * The encoder with a masked-language-model head as well (pretraining). The MLM head and the
   * encoder are trained; the pooler and the classification head exist (so {@code logits} works for evaluation
   * graphs) but is not in the trainable list. Variable names of the encoder equal those of
   * {@link #build}, so a fine-tuning run can start from its checkpoint.
   */
  public TransformerModel buildForPretraining(Ops tf, long seed) {
    return new TransformerModel(this, tf, seed, true);
  }

  /** The same spec seen as a pretraining spec: its {@code build} is {@link #buildForPretraining}. */
  public ModelSpec pretraining() {
    TransformerSpec self = this;
    return new ModelSpec() {
      @Override public String name() { return self.name() + "-mlm"; }
      @Override public int classes() { return self.classes(); }
      @Override public TransformerModel build(Ops tf, long seed) { return self.buildForPretraining(tf, seed); }
      @Override public String toString() { return "pretraining(" + self + ")"; }
    };
  }
}
