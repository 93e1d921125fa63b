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

  /**
   * The largest value over any run, when it is known without running the clock (a constant, a
   * ramp's end), so that a bound can be checked when a setting is made rather than at some step;
   * empty otherwise.
   */
  default java.util.OptionalDouble largestValue() {
    return java.util.OptionalDouble.empty();
  }

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
    public java.util.OptionalDouble largestValue() {
      return java.util.OptionalDouble.of(value);
    }

    @Override
    public String toString() {
      return Double.toString(value);
    }
  }
}
