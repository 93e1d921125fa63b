package io.github.llr4j.core.task;

import io.github.llr4j.core.optim.Optimizer;

/**
 * Builds a run's optimizer once its batches per epoch are known: schedules stepped per epoch
 * (cosine per epoch, warm-up over a fraction of the run) need that count, and only the task knows
 * it after loading the data. The caller (a command line, a user's program) says which optimizer;
 * the task says when.
 */
@FunctionalInterface
public interface OptimizerFactory {

  /** The optimizer of a run whose training data has {@code batchesPerEpoch} batches per epoch. */
  Optimizer create(long batchesPerEpoch);
}
