package io.github.llr4j.core.loss;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * The plain training loss L of one mini-batch: a scalar mean, before any reshaping. Cross-entropy
 * by default; adversarial training supplies its own (the loss on a perturbed batch).
 */
@FunctionalInterface
public interface TrainingLoss {

  /** Mean loss of the batch, built in {@code ctx}'s graph with {@code ctx}'s mode. */
  Operand<TFloat32> meanLoss(
      ModelContext ctx, Model model, Operand<? extends TType> inputs, Operand<TInt32> labels);
}
