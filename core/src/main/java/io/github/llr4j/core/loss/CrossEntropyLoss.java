package io.github.llr4j.core.loss;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Softmax cross-entropy of logits {@code z [batch, classes]} against int labels {@code y [batch]}:
 * per example {@code l_i = -log softmax(z_i)[y_i]} ({@link #perExample}) and the batch mean
 * {@code L = mean_i l_i} ({@link #meanLoss}). The one cross-entropy of the project: attacks, TRADES
 * and masked-language-model pretraining call it too.
 *
 * <p>Deviation from the obvious op: TF-Java 1.0.0 has no gradient for
 * SparseSoftmaxCrossEntropyWithLogits, so the labels are one-hot encoded and the dense
 * SoftmaxCrossEntropyWithLogits is used (same value, differentiable).
 *
 * @param classes width of the logits (number of classes), at least 2
 */
public record CrossEntropyLoss(int classes) implements TrainingLoss {

  public CrossEntropyLoss {
    Require.classes(classes);
  }

  @Override
  public Operand<TFloat32> meanLoss(
      ModelContext ctx, Model model, Operand<? extends TType> inputs, Operand<TInt32> labels) {
    return meanLoss(ctx.tf(), model.logits(ctx, inputs), labels);
  }

  /** The loss of every example ({@code [batch]}) of given logits, under the sub-scope {@code xent}. */
  public Operand<TFloat32> perExample(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Ops s = tf.withSubScope("xent");
    Operand<TFloat32> oneHot = s.oneHot(labels, s.constant(classes), s.constant(1f), s.constant(0f));
    return s.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss();
  }

  /** The mean loss of given logits (a scalar), under the sub-scope {@code xent}. */
  public Operand<TFloat32> meanLoss(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    return tf.withSubScope("xent").math.mean(perExample(tf, logits, labels), tf.constant(0));
  }

  /** Number of correct top-1 predictions in the batch (int32 scalar), under {@code correct}. */
  public static Operand<TInt32> correct(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    Ops s = tf.withSubScope("correct");
    Operand<TInt32> predicted = s.math.argMax(logits, s.constant(1), TInt32.class);
    Operand<TInt32> hit = s.dtypes.cast(s.math.equal(predicted, labels), TInt32.class);
    return s.sum(hit, s.constant(0));
  }
}
