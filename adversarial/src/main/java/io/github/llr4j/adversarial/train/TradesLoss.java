package io.github.llr4j.adversarial.train;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.loss.TrainingLoss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * The TRADES outer objective (Zhang et al., ICML 2019) on the rows [x; x'] that
 * {@link TradesTraining} feeds: mean cross-entropy of the clean half plus
 * {@code beta} times the batch mean of KL(softmax(f(x)) || softmax(f(x'))), both halves
 * differentiated. Reshaping (spec section 1) then acts on this whole objective, as it does on
 * the plain loss.
 */
public record TradesLoss(int classes, double beta) implements TrainingLoss {

  public TradesLoss {
    Require.classes(classes);
    Require.that(beta >= 0 && !Double.isInfinite(beta), "beta", "be finite and >= 0 (TRADES uses 1 to 6)", beta);
  }

  @Override
  public Operand<TFloat32> meanLoss(ModelContext ctx, Model model, Operand<? extends TType> inputs,
      Operand<TInt32> labels) {
    Ops tf = ctx.tf().withSubScope("trades_loss");
    Operand<TFloat32> logits = model.logits(ctx, inputs);
    List<org.tensorflow.Output<TFloat32>> halves = tf.split(tf.constant(0), logits, 2L).output();
    Operand<TFloat32> clean = halves.get(0);
    Operand<TFloat32> adv = halves.get(1);
    Operand<TFloat32> ce = new CrossEntropyLoss(classes).meanLoss(tf, clean, labels);
    Operand<TFloat32> logP = tf.nn.logSoftmax(clean);
    Operand<TFloat32> kl = tf.math.mean(
        tf.reduceSum(tf.math.mul(tf.math.exp(logP), tf.math.sub(logP, tf.nn.logSoftmax(adv))), tf.constant(1)),
        tf.constant(0));
    return tf.math.add(ce, tf.math.mul(tf.constant((float) beta), kl));
  }
}
