package io.github.llr4j.core.hparam;

import io.github.llr4j.core.check.Require;

/**
 * {@code factor * base(clock)}: a schedule scaled by a constant, e.g. one parameter group's
 * learning rate under layer-wise decay (the same warmup and decay shape, a smaller peak).
 *
 * @param base the schedule or constant to scale
 * @param factor finite, > 0
 */
public record Scaled(Hyperparameter base, double factor) implements Hyperparameter {

  public Scaled {
    Require.notNull("base", base);
    Require.positive("factor", factor);
  }

  @Override
  public double valueAt(TrainingClock clock) {
    return factor * base.valueAt(clock);
  }

  @Override
  public String toString() {
    return factor + " * " + base;
  }
}
