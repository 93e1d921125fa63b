package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.Hyperparameter;

/** Validation of settings shared by several optimizers and schedules. */
final class Checks {

  private Checks() {}

  static void learningRate(Hyperparameter lr) {
    if (lr == null) {
      throw new IllegalArgumentException(
          "learningRate must not be null; use Hyperparameter.constant(...) or a Schedule"
              + " schedule");
    }
    if (lr instanceof Hyperparameter.Constant c && !(c.value() >= 0)) {
      throw new IllegalArgumentException("learningRate must be >= 0, got " + c.value());
    }
  }

  static void weightDecay(double wd) {
    if (!(wd >= 0 && Double.isFinite(wd))) {
      throw new IllegalArgumentException("weightDecay must be finite and >= 0, got " + wd);
    }
  }

  static void beta(String name, double beta) {
    if (!(beta >= 0 && beta < 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1), got " + beta);
    }
  }

  static void positive(String name, double value) {
    if (!(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }
}
