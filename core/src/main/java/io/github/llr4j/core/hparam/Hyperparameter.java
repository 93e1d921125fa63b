package io.github.llr4j.core.hparam;

/**
 * A scalar that may change during training: a constant or a schedule of the {@link TrainingClock}.
 * Evaluated on the host each step and fed into the graph (see {@link ScalarFeeds}).
 */
@FunctionalInterface
public interface Hyperparameter {

  /** The value for the step the clock describes. */
  double valueAt(TrainingClock clock);

  /** A value that never changes. */
  static Hyperparameter constant(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("constant hyperparameter must be finite, got " + value);
    }
    return new Constant(value);
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
