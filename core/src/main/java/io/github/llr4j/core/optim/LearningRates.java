package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import java.util.List;

/**
 * The learning-rate schedules under their former name: every method returns the same schedule as
 * {@link Schedule}'s method of the same name (equal records, equal values, equal reports).
 *
 * @deprecated schedules live in {@link Schedule}; this class remains until its last callers move.
 */
@Deprecated
public final class LearningRates {

  private LearningRates() {}

  /** A constant learning rate, finite and > 0. */
  public static Hyperparameter constant(double lr) {
    return Schedule.constant(Require.positive("learning rate", lr));
  }

  /** See {@link Schedule#stepDecay}. */
  public static Schedule.StepDecay stepDecay(double lr0, double gamma, int everyEpochs) {
    return Schedule.stepDecay(lr0, gamma, everyEpochs);
  }

  /** See {@link Schedule#multiStepDecay}. */
  public static Schedule.MultiStepDecay multiStepDecay(
      double lr0, double gamma, List<Integer> milestones) {
    return Schedule.multiStepDecay(lr0, gamma, milestones);
  }

  /** See {@link Schedule#cosinePerEpoch(double, double)}. */
  public static Schedule.CosinePerEpoch cosinePerEpoch(double lr0, double min) {
    return Schedule.cosinePerEpoch(lr0, min);
  }

  /** See {@link Schedule#cosinePerEpoch(double, double, int)}. */
  public static Schedule.CosinePerEpoch cosinePerEpoch(double lr0, double min, int periodEpochs) {
    return Schedule.cosinePerEpoch(lr0, min, periodEpochs);
  }

  /** See {@link Schedule#cosinePerStep}. */
  public static Schedule.CosinePerStep cosinePerStep(double lr0, double min) {
    return Schedule.cosinePerStep(lr0, min);
  }

  /** See {@link Schedule#warmup}. */
  public static Schedule.Warmup warmup(int warmupSteps, Hyperparameter after) {
    return Schedule.warmup(warmupSteps, after);
  }

  /** See {@link Schedule#warmupLinearDecay}. */
  public static Schedule.WarmupLinearDecay warmupLinearDecay(double peak, int warmupSteps) {
    return Schedule.warmupLinearDecay(peak, warmupSteps);
  }
}
