package io.github.llr4j.core.train;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import java.util.function.IntToDoubleFunction;

/**
 * L0 of a run (spec section 3), fed every step as hyperparameter {@code reshape_l0}: fixed (known
 * when built, so {@link Trainer#step} works without {@link Trainer#fit}), evaluated before the first
 * step (inference-mode mean loss over the first N training batches), the mean training loss of
 * epoch 0, or restored from a checkpoint. Once known it never changes.
 */
final class InitialLossTracker implements Hyperparameter {
  private final InitialLoss mode;
  private volatile double value = 1.0;
  private boolean known;

  InitialLossTracker(InitialLoss mode) {
    this.mode = mode;
    if (mode instanceof InitialLoss.Fixed fixed) set(fixed.value());
  }

  boolean known() {
    return known;
  }

  /** L0, or NaN while unknown. */
  double valueOrNaN() {
    return known ? value : Double.NaN;
  }

  /** L0 for a state file: null while unknown. */
  Double valueOrNull() {
    return known ? value : null;
  }

  /** Takes the value a checkpoint recorded (null: not yet known when it was written). */
  void restore(Double saved) {
    if (saved != null) set(saved);
  }

  /** Before the first step: evaluates L0 when the mode asks for it ({@code meanLoss} of N batches). */
  void beforeTraining(IntToDoubleFunction meanLossOfFirstBatches) {
    if (!known && mode instanceof InitialLoss.Evaluated e) set(meanLossOfFirstBatches.applyAsDouble(e.maxBatches()));
  }

  /** After an epoch: the first epoch's mean training loss, in first-epoch mode. */
  void afterEpoch(double meanTrainingLoss) {
    if (!known && mode instanceof InitialLoss.FirstEpoch) set(meanTrainingLoss);
  }

  private void set(double v) {
    value = ReshapedObjective.checkInitialLoss(v);
    known = true;
  }

  @Override
  public double valueAt(TrainingClock clock) {
    return value;
  }

  @Override
  public String toString() {
    return "L0=" + value;
  }
}
