package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * An update rule. {@link #applyGradients} adds the ops of one step to the graph, once; running the
 * returned op performs one update. Time-varying settings (the learning rate) are read through
 * {@code feeds}, so schedules never rebuild the graph. State (momentum buffers, moments, the step
 * count) lives in variables created here, so checkpoints capture it.
 */
public interface Optimizer {

  /** A short name for reports, e.g. {@code sgd}. */
  String name();

  /**
   * Builds one update step of {@code params} from {@code gradients} (same order, same shapes).
   * State reads and writes are ordered with control dependencies so that one run is exactly one
   * step of the documented rule.
   */
  <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds);

  /**
   * The second pass of a two-pass method (SAM), or empty for an optimizer that needs one
   * forward-backward pass per step (the default). The trainer builds its step from this
   * declaration, never from the optimizer's class.
   */
  default Optional<TwoPass> twoPass() {
    return Optional.empty();
  }

  /** Forward-backward passes one step needs at most: 2 for a {@link #twoPass()} method, else 1. */
  default int passesPerStep() {
    return twoPass().isPresent() ? 2 : 1;
  }
}
