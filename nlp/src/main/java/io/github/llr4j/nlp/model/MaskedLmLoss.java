package io.github.llr4j.nlp.model;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.loss.TrainingLoss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * BERT's masked-language-model objective (Devlin et al. 2019, section 3.1) as a core
 * {@link TrainingLoss}, for a model of {@link TransformerSpec#buildForPretraining}: the batch's
 * labels are ignored; the masking is drawn in the graph from the pass's seed pair (so each step
 * masks anew and a resumed run masks the same way). Each token that is not padding or a special
 * token is selected with probability {@code rate} (0.15); a selected token becomes {@code [MASK]}
 * with probability 0.8, a uniformly random regular token (ids {@code >= firstRegularId}) with
 * probability 0.1, and stays with probability 0.1. L = mean over the selected positions of the
 * cross-entropy of {@link TransformerModel#mlmLogits} against the original token (0 when a batch
 * selects nothing).
 *
 * @param vocabSize V
 * @param maskId the {@code [MASK]} id
 * @param specialIds ids never selected (padding, [CLS], [SEP], ...)
 * @param firstRegularId random replacements are drawn from {@code [firstRegularId, V)}
 * @param rate selection probability, in (0, 1)
 */
public record MaskedLmLoss(int vocabSize, int maskId, List<Integer> specialIds, int firstRegularId, double rate)
    implements TrainingLoss {

  private static final long SELECT = 0x6d6c6d73656c6563L;
  private static final long REPLACE = 0x6d6c6d7265706c61L;
  private static final long RANDOM = 0x6d6c6d72616e646fL;

  public MaskedLmLoss {
    specialIds = List.copyOf(specialIds);
    if (maskId < 0 || maskId >= vocabSize) throw new IllegalArgumentException("maskId must be in [0, " + vocabSize + "), got " + maskId);
    if (firstRegularId < 0 || firstRegularId >= vocabSize)
      throw new IllegalArgumentException("firstRegularId must be in [0, " + vocabSize + "), got " + firstRegularId);
    Require.that(rate > 0 && rate < 1, "rate", "be in (0, 1)", rate);
  }

  @Override
  public Operand<TFloat32> meanLoss(ModelContext ctx, Model model, Operand<? extends TType> inputs, Operand<TInt32> labels) {
    if (!(model instanceof TransformerModel m))
      throw new IllegalArgumentException("model must be a TransformerModel built for pretraining, got " + model.getClass().getSimpleName());
    if (inputs.type() != TInt32.class || inputs.shape().numDimensions() != 2)
      throw new IllegalArgumentException("inputs must be int32 ids [batch, seq], got " + inputs.type().getSimpleName() + " " + inputs.shape());
    @SuppressWarnings("unchecked")
    Operand<TInt32> ids = (Operand<TInt32>) inputs;
    Ops tf = ctx.tf().withSubScope("mlm_loss");
    Masking mk = mask(ctx, ids);
    Operand<TBool> selected = mk.selected();
    Operand<TInt32> corrupted = mk.corrupted();
    TransformerModel.Encoded e = m.encode(ctx, corrupted, null);
    Operand<TFloat32> rows = tf.reshape(e.hidden(), tf.constant(new int[] {-1, m.spec().hidden()}));
    Operand<TInt64> where = tf.reshape(tf.where(tf.reshape(selected, tf.constant(new int[] {-1}))), tf.constant(new int[] {-1}));
    Operand<TFloat32> logits = m.mlmLogits(ctx, tf.gather(rows, where, tf.constant(0)));
    Operand<TInt32> targets = tf.gather(tf.reshape(ids, tf.constant(new int[] {-1})), where, tf.constant(0));
    Operand<TFloat32> xent = new CrossEntropyLoss(vocabSize).perExample(tf, logits, targets);
    Operand<TFloat32> count = tf.math.maximum(tf.dtypes.cast(tf.size(where), TFloat32.class), tf.constant(1f));
    return tf.math.div(tf.sum(xent, tf.constant(0)), count);
  }

  /** Which positions the objective predicts, and the ids the encoder sees instead of the originals. */
  public record Masking(Operand<TBool> selected, Operand<TInt32> corrupted) {}

  /** Draws the selection and the 80/10/10 corruption of {@code ids [batch, seq]} from {@code ctx}'s seed. */
  public Masking mask(ModelContext ctx, Operand<TInt32> ids) {
    Ops tf = ctx.tf().withSubScope("mlm_mask");
    Operand<TInt64> shape = tf.shape(ids, TInt64.class);
    Operand<TBool> candidate = tf.onesLike(tf.dtypes.cast(ids, TBool.class));
    for (int special : specialIds) candidate = tf.math.logicalAnd(candidate, tf.math.notEqual(ids, tf.constant(special)));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, salted(tf, ctx, SELECT));
    Operand<TBool> selected = tf.math.logicalAnd(candidate, tf.math.less(u, tf.constant((float) rate)));
    Operand<TFloat32> r = tf.random.statelessRandomUniform(shape, salted(tf, ctx, REPLACE));
    Operand<TBool> toMask = tf.math.logicalAnd(selected, tf.math.less(r, tf.constant(0.8f)));
    Operand<TBool> toRandom = tf.math.logicalAnd(selected,
        tf.math.logicalAnd(tf.math.greaterEqual(r, tf.constant(0.8f)), tf.math.less(r, tf.constant(0.9f))));
    Operand<TFloat32> v = tf.random.statelessRandomUniform(shape, salted(tf, ctx, RANDOM));
    Operand<TInt32> randomIds = tf.math.add(tf.dtypes.cast(tf.math.floor(
        tf.math.mul(v, tf.constant((float) (vocabSize - firstRegularId)))), TInt32.class), tf.constant(firstRegularId));
    randomIds = tf.math.minimum(randomIds, tf.constant(vocabSize - 1));
    Operand<TInt32> corrupted = tf.select(toMask, tf.fill(tf.shape(ids), tf.constant(maskId)),
        tf.select(toRandom, randomIds, ids));
    return new Masking(selected, corrupted);
  }

  private static Operand<TInt64> salted(Ops tf, ModelContext ctx, long salt) {
    return tf.bitwise.bitwiseXor(ctx.seed(), tf.constant(new long[] {salt, 0L}));
  }

  @Override
  public String toString() {
    return "mlm(rate " + rate + ", 80/10/10, V " + vocabSize + ")";
  }
}
