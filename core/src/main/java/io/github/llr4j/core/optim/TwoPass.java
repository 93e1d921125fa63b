package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * What an optimizer that evaluates the gradient twice per step (SAM, ASAM) declares through
 * {@link Optimizer#twoPass()}, so that a training loop builds its two-pass step without knowing
 * the concrete optimizer: the first gradient g1 at w drives {@link #perturb} (save w, move to
 * w + e); the second gradient g2 at w + e is passed to {@link Sam.Perturbation#restore}, and the
 * optimizer's {@link Optimizer#applyGradients} then updates w with g2.
 */
public interface TwoPass {

  /** Whether step {@code step} (counted from 0) runs both passes; other steps update with g1. */
  boolean twoPassesAt(long step);

  /** The ascent {@code w += e} from first-pass gradients and the matching restore. */
  <T extends TNumber> Sam.Perturbation<T> perturb(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds);
}
