package io.github.llr4j.core.hparam;

import io.github.llr4j.core.check.Require;

/**
 * A scalar that may change during training: a constant or a schedule of the {@link TrainingClock}
 * (the schedules: {@link Schedule}). Evaluated on the host each step and fed into the graph (see
 * {@link ScalarFeeds}), so every setting that takes a {@code Hyperparameter} takes a schedule as
 * well as a constant.
 */
@FunctionalInterface
public interface Hyperparameter {

  /** The value for the step the clock describes. */
  double valueAt(TrainingClock clock);

  /** A value that never changes. */
  static Hyperparameter constant(double value) {
    return new Constant(Require.finite("constant hyperparameter", value));
  }

  /** A constant hyperparameter; its {@code toString} is the value, for reports. */
  record Constant(double value) implements Hyperparameter {
    @Override
    public double valueAt(TrainingClock clock) {
      return value;
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }
}
