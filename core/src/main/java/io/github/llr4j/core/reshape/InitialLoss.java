package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
/**
 * How the initial loss L0 of the normalised objective L0 * f(L / L0) is obtained (spec section 3).
 * The objective only records the choice; the trainer computes the value and feeds it.
 */
public sealed interface InitialLoss
    permits InitialLoss.None, InitialLoss.Evaluated, InitialLoss.FirstEpoch, InitialLoss.Fixed {

  /** No normalisation: x = L and L_fin = f(L). */
  record None() implements InitialLoss {}

  /**
   * The CIFAR recipe (default): mean loss of the untrained model in inference mode before step 0.
   *
   * @param maxBatches batches to average over; 0 = the whole training set
   */
  record Evaluated(int maxBatches) implements InitialLoss {
    public Evaluated {
      Require.that(maxBatches >= 0, "maxBatches", "be >= 0 (0 = whole training set)", maxBatches);
    }
  }

  /** The ImageNet recipe: epoch 0 trains plain, L0 = its mean training loss, reshaping from epoch 1. */
  record FirstEpoch() implements InitialLoss {}

  /** A value given by the user; must be positive and finite. */
  record Fixed(double value) implements InitialLoss {
    public Fixed {
      ReshapedObjective.checkInitialLoss(value);
    }
  }

  static InitialLoss none() {
    return new None();
  }

  static InitialLoss evaluated(int maxBatches) {
    return new Evaluated(maxBatches);
  }

  static InitialLoss firstEpoch() {
    return new FirstEpoch();
  }

  static InitialLoss fixed(double value) {
    return new Fixed(value);
  }
}
