package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.ReferenceRules.AdamVariant;
import io.github.llr4j.core.testing.OptimizerContract;
import io.github.llr4j.core.testing.OptimizerContract.Row;
import io.github.llr4j.core.testing.QuarticProblem;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/**
 * What the float64 rows of {@link OptimizerContractTest} leave out: float32 runs against the
 * float64 reference, Adam's bias-corrected first step and a step-decay rate fed without rebuilding.
 */
class OptimizerReferenceTest {

  @Test
  void float32RunsMatchTheFloat64ReferenceWithin1e4() {
    Row sgd = Row.of("sgd nesterov", OptimizerContractTest.schedule(0.02),
        lr -> Sgd.nesterov(lr, 0.9, 0.05), () -> ReferenceRules.sgd(0.9, true, 0.05, 0, false));
    assertThat(OptimizerContract.deviations(sgd, TFloat32.class).get(0)).isLessThan(1e-4);
    // Adam divides by |g|: a small rate keeps every gradient away from the float32 rounding of
    // w^3 + a near its root, where no float32 run can match float64 to 1e-4
    Row adamw = Row.of("adamw", Schedule.cosinePerStep(0.002, 0.0002), lr -> AdamW.of(lr, 0.1),
        () -> ReferenceRules.adam(0.9, 0.999, 1e-8, 0.1, true, AdamVariant.PYTORCH));
    assertThat(OptimizerContract.deviations(adamw, TFloat32.class).get(0)).isLessThan(1e-4);
  }

  @Test
  void adamFirstStepIsBiasCorrected() {
    // step 1: m_hat = g, v_hat = g^2, so every coordinate moves by lr * g / (|g| + eps) ~ lr;
    // without bias correction it would move (1 - b1) / sqrt(1 - b2) = 3.16 times as far
    double lr = 0.01;
    try (QuarticProblem p =
        new QuarticProblem(TFloat64.class, Adam.of(Hyperparameter.constant(lr)))) {
      double[][] before = p.read();
      double[][] g = QuarticProblem.gradient(before);
      p.step(TrainingClock.at(0, 1, 1));
      double[][] after = p.read();
      for (int i = 0; i < before.length; i++) {
        for (int k = 0; k < before[i].length; k++) {
          double moved = before[i][k] - after[i][k];
          assertThat(moved).isCloseTo(lr * g[i][k] / (Math.abs(g[i][k]) + 1e-8), within(1e-12));
          assertThat(Math.abs(moved)).isCloseTo(lr, within(1e-8));
        }
      }
    }
  }

  @Test
  void scheduledRateChangesTheStepSizeWithoutRebuilding() {
    // step decay x0.1 every epoch, 2 steps per epoch: steps 0, 1 at 0.1, steps 2, 3 at 0.01
    Hyperparameter lr = Schedule.stepDecay(0.1, 0.1, 1);
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, Sgd.plain(lr))) {
      double[] expected = {0.1, 0.1, 0.01, 0.01, 0.001};
      for (int s = 0; s < expected.length; s++) {
        double[][] before = p.read();
        double[][] g = QuarticProblem.gradient(before);
        p.step(TrainingClock.at(s, 2, 3));
        double[][] after = p.read();
        for (int i = 0; i < before.length; i++) {
          for (int k = 0; k < before[i].length; k++) {
            double rate = (before[i][k] - after[i][k]) / g[i][k];
            assertThat(rate).as("step %d", s).isCloseTo(expected[s], within(1e-12));
          }
        }
      }
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }}
