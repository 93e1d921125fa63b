package io.github.llr4j.core.nn;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A model built into one graph: its variables and a function from an input batch to logits.
 * Applying it twice shares the weights.
 */
public interface Model {

  /** Parameters the optimizer updates, in a fixed order (the optimizer state follows it). */
  List<Variable<TFloat32>> trainableVariables();

  /** Non-trained state that must be checkpointed (batch-norm moving mean and variance). */
  List<Variable<TFloat32>> stateVariables();

  /**
   * Logits {@code [batch, classes]} for {@code input} (its dtype and per-example shape are the
   * spec's). Layers read the mode from {@code ctx} and report state updates to it.
   */
  Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input);

  /** Number of scalar parameters in {@link #trainableVariables()}. */
  default long parameterCount() {
    return trainableVariables().stream().mapToLong(v -> v.shape().size()).sum();
  }
}
