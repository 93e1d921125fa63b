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

  /**
   * Grows linearly from 0 to {@code target} over the first {@code rampEpochs} epochs (by
   * fractional epoch, so it moves every step), then stays at {@code target}: the eps ramp-up of
   * adversarial training, which keeps early epochs from collapsing on a too-hard objective.
   */
  static Hyperparameter linearRamp(double target, double rampEpochs) {
    if (!Double.isFinite(target)) throw new IllegalArgumentException("ramp target must be finite, got " + target);
    if (!(rampEpochs > 0) || Double.isInfinite(rampEpochs))
      throw new IllegalArgumentException("ramp epochs must be > 0 and finite (use constant for no ramp), got " + rampEpochs);
    return new LinearRamp(target, rampEpochs);
  }

  /** See {@link #linearRamp}. */
  record LinearRamp(double target, double rampEpochs) implements Hyperparameter {
    @Override
    public double valueAt(TrainingClock clock) {
      double epochs = clock.epoch() + (double) clock.stepInEpoch() / clock.stepsPerEpoch();
      return target * Math.min(1.0, epochs / rampEpochs);
    }

    @Override
    public String toString() {
      return "ramp(0->" + target + " over " + rampEpochs + " epochs)";
    }
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
