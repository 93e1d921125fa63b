package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.ReferenceRules.AdamVariant;
import io.github.llr4j.core.optim.ReferenceRules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * Runs each optimizer 60 steps on {@link QuarticProblem} and compares every parameter after every
 * step with a plain-Java reference; the learning rate follows a schedule, so it changes between
 * steps of the one graph. Each case also checks that a wrong rule leaves the tolerance by far.
 */
class OptimizerReferenceTest {

  private static final int STEPS = 60;
  private static final int STEPS_PER_EPOCH = 10;
  private static final int EPOCHS = 6;

  /** Warm-up (step 0 at lr 0) into a per-step cosine: a different rate at nearly every step. */
  private static Hyperparameter schedule(double peak) {
    return LearningRates.warmup(5, LearningRates.cosinePerStep(peak, peak / 10));
  }

  @Test
  void plainSgd() {
    Hyperparameter lr = schedule(0.05);
    check(Sgd.plain(lr), lr, ReferenceRules.sgd(0, false, 0, 0, false),
        frozenRate(ReferenceRules.sgd(0, false, 0, 0, false), 0.05));
  }

  @Test
  void momentumSgd() {
    Hyperparameter lr = schedule(0.02);
    check(Sgd.momentum(lr, 0.9, 0), lr, ReferenceRules.sgd(0.9, false, 0, 0, false),
        ReferenceRules.sgd(0.9, false, 0, 0.9, false)); // dampening = momentum
  }

  @Test
  void nesterovSgd() {
    Hyperparameter lr = schedule(0.02);
    check(Sgd.nesterov(lr, 0.9, 0), lr, ReferenceRules.sgd(0.9, true, 0, 0, false),
        ReferenceRules.sgd(0.9, false, 0, 0, false));
  }

  @Test
  void momentumSgdWithCoupledWeightDecay() {
    Hyperparameter lr = schedule(0.02);
    check(Sgd.momentum(lr, 0.9, 0.05), lr, ReferenceRules.sgd(0.9, false, 0.05, 0, false),
        ReferenceRules.sgd(0.9, false, 0.05, 0, true));
  }

  @Test
  void nesterovSgdWithCoupledWeightDecay() {
    Hyperparameter lr = schedule(0.02);
    check(Sgd.nesterov(lr, 0.8, 0.1), lr, ReferenceRules.sgd(0.8, true, 0.1, 0, false),
        ReferenceRules.sgd(0.8, true, 0.1, 0, true));
  }

  @Test
  void plainSgdWithWeightDecay() {
    Hyperparameter lr = schedule(0.05);
    check(new Sgd(lr, 0, false, 0.1), lr, ReferenceRules.sgd(0, false, 0.1, 0, false),
        ReferenceRules.sgd(0, false, 0, 0, false));
  }

  @Test
  void adam() {
    // eps 1e-3 makes its placement matter; a cosine without warm-up checks step 1 at full rate
    Hyperparameter lr = LearningRates.cosinePerStep(0.05, 0.005);
    Adam adam = new Adam(lr, 0.9, 0.999, 1e-3, 0);
    check(adam, lr, ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.PYTORCH),
        ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.NO_BIAS_CORRECTION),
        ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.EPSILON_HAT),
        ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.STEP_AHEAD));
  }

  @Test
  void adamWithCoupledWeightDecay() {
    Hyperparameter lr = schedule(0.05);
    Adam adam = new Adam(lr, 0.8, 0.99, 1e-8, 0.5);
    check(adam, lr, ReferenceRules.adam(0.8, 0.99, 1e-8, 0.5, false, AdamVariant.PYTORCH),
        ReferenceRules.adam(0.8, 0.99, 1e-8, 0.5, true, AdamVariant.PYTORCH));
  }

  @Test
  void adamW() {
    Hyperparameter lr = LearningRates.cosinePerStep(0.05, 0.005);
    AdamW adamw = AdamW.of(lr, 0.5);
    check(adamw, lr, ReferenceRules.adam(0.9, 0.999, 1e-8, 0.5, true, AdamVariant.PYTORCH),
        ReferenceRules.adam(0.9, 0.999, 1e-8, 0.5, false, AdamVariant.PYTORCH),
        ReferenceRules.adam(0.9, 0.999, 1e-8, 0, false, AdamVariant.PYTORCH));
  }

  @Test
  void float32RunsMatchTheFloat64ReferenceWithin1e4() {
    Hyperparameter lr = schedule(0.02);
    List<Double> sgd =
        run(TFloat32.class, Sgd.nesterov(lr, 0.9, 0.05), lr,
            List.of(ReferenceRules.sgd(0.9, true, 0.05, 0, false)));
    assertThat(sgd.get(0)).isLessThan(1e-4);
    // Adam divides by |g|: a small rate keeps every gradient away from the float32 rounding of
    // w^3 + a near its root, where no float32 run can match float64 to 1e-4
    Hyperparameter lr2 = LearningRates.cosinePerStep(0.002, 0.0002);
    List<Double> adamw =
        run(TFloat32.class, AdamW.of(lr2, 0.1), lr2,
            List.of(ReferenceRules.adam(0.9, 0.999, 1e-8, 0.1, true, AdamVariant.PYTORCH)));
    assertThat(adamw.get(0)).isLessThan(1e-4);
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
    Hyperparameter lr = LearningRates.stepDecay(0.1, 0.1, 1);
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
  }

  /** The reference at a constant rate: what a graph with a frozen learning rate would do. */
  private static Rule frozenRate(Rule rule, double lr) {
    return (w, g, ignored) -> rule.step(w, g, lr);
  }

  /**
   * Asserts the float64 run matches {@code right} within 1e-6 relative at every step, and that
   * each wrong rule deviates by more than 1e-3 relative at some step.
   */
  private static void check(Optimizer optimizer, Hyperparameter lr, Rule right, Rule... wrong) {
    List<Rule> rules = new ArrayList<>();
    rules.add(right);
    rules.addAll(List.of(wrong));
    List<Double> worst = run(TFloat64.class, optimizer, lr, rules);
    assertThat(worst.get(0)).as("largest relative deviation from the reference").isLessThan(1e-6);
    for (int j = 1; j < worst.size(); j++) {
      assertThat(worst.get(j)).as("deviation of wrong rule %d", j).isGreaterThan(1e-3);
    }
  }

  /**
   * Runs {@link #STEPS} steps in TensorFlow and each reference side by side from the same start;
   * returns, per reference, the largest relative deviation over all steps and coordinates.
   */
  private static <T extends TNumber> List<Double> run(
      Class<T> type, Optimizer optimizer, Hyperparameter lr, List<Rule> rules) {
    List<double[][]> ws = new ArrayList<>();
    for (int j = 0; j < rules.size(); j++) ws.add(QuarticProblem.copy(QuarticProblem.INIT));
    double[] worst = new double[rules.size()];
    try (QuarticProblem p = new QuarticProblem(type, optimizer)) {
      for (int s = 0; s < STEPS; s++) {
        TrainingClock clock = TrainingClock.at(s, STEPS_PER_EPOCH, EPOCHS);
        p.step(clock);
        double[][] actual = p.read();
        for (int j = 0; j < rules.size(); j++) {
          double[][] w = ws.get(j);
          rules.get(j).step(w, QuarticProblem.gradient(w), lr.valueAt(clock));
          worst[j] = Math.max(worst[j], relativeDeviation(actual, w));
        }
      }
    }
    List<Double> out = new ArrayList<>();
    for (double d : worst) out.add(d);
    return out;
  }

  private static double relativeDeviation(double[][] actual, double[][] expected) {
    double worst = 0;
    for (int i = 0; i < expected.length; i++) {
      for (int k = 0; k < expected[i].length; k++) {
        double e = expected[i][k];
        double d = Math.abs(actual[i][k] - e) / Math.max(Math.abs(e), 1e-3);
        worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
      }
    }
    return worst;
  }
}
