package io.github.llr4j.core.reshape;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;

/**
 * The cyclic sech width of spec section 4 under its former name: the same values, checks and
 * report text as {@link Schedule#cyclic}.
 *
 * @param b0 base width, > 0
 * @param end amplitude added over a cycle, >= 0
 * @param cycles cycles over the run, >= 1 (must not exceed the run's epochs)
 * @deprecated schedules live in {@link Schedule}; use {@link Schedule#cyclic}. This stays until
 *     its last callers move.
 */
@Deprecated
public record CyclicB(double b0, double end, int cycles) implements Hyperparameter {

  public CyclicB {
    Schedule.cyclic(b0, end, cycles);
  }

  @Override
  public double valueAt(TrainingClock clock) {
    return Schedule.cyclic(b0, end, cycles).valueAt(clock);
  }
}
