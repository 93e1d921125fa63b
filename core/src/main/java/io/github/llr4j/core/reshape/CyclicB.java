package io.github.llr4j.core.reshape;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;

/**
 * Cyclic sech width (spec section 4, authors' train_tuning.py):
 * b(e) = b0 + end * ((e + I - 1) mod I) / I with I = totalEpochs / cycles (integer division, as
 * the reference code), e the epoch from 0. Epoch 0 therefore starts at the top of a cycle.
 *
 * @param b0 base width, > 0
 * @param end amplitude added over a cycle, >= 0
 * @param cycles cycles over the run, >= 1 (must not exceed the run's epochs)
 */
public record CyclicB(double b0, double end, int cycles) implements Hyperparameter {

  public CyclicB {
    if (!(b0 > 0) || !Double.isFinite(b0)) {
      throw new IllegalArgumentException("cyclic b0 must be positive and finite, got " + b0);
    }
    if (!(end >= 0) || !Double.isFinite(end)) {
      throw new IllegalArgumentException("cyclic end must be >= 0 and finite, got " + end);
    }
    if (cycles < 1) {
      throw new IllegalArgumentException("cycles must be >= 1, got " + cycles);
    }
  }

  @Override
  public double valueAt(TrainingClock clock) {
    int period = clock.totalEpochs() / cycles;
    if (period < 1) {
      throw new IllegalStateException(
          "cycles (" + cycles + ") must not exceed the run's epochs (" + clock.totalEpochs() + ")");
    }
    int e = clock.epoch();
    return b0 + end * (double) ((e + period - 1) % period) / period;
  }
}
