package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat64;

/**
 * GAF (three placements) and MIAdam-1/2/3 run 60 float64 steps on {@link QuarticProblem} against
 * plain-Java references of spec section 5 (within 1e-6 relative at every step), and each against a
 * wrong variant that must leave that tolerance by far.
 */
class CompanionOptimizerTest {

  private static final int STEPS = 60;
  private static final int STEPS_PER_EPOCH = 10;
  private static final int EPOCHS = 6;

  /** A reference update that may depend on the epoch. */
  interface Rule {
    void step(double[][] w, double[][] g, double lr, int epoch);
  }

  private static Hyperparameter schedule(double peak) {
    return LearningRates.warmup(5, LearningRates.cosinePerStep(peak, peak / 10));
  }

  @Test
  void gafOnTheRawGradient() {
    Hyperparameter lr = schedule(0.05);
    GradientActivation a = GradientActivation.sgdDefault();
    check(new GafSgd(lr, 0.9, 0.05, a, GafSgd.Placement.GRADIENT), lr,
        gafSgd(a, 0.9, 0.05, false), gafSgd(a, 0.9, 0.05, true), gafSgd(new GradientActivation(0.3, 1), 0.9, 0.05, false));
  }

  @Test
  void gafOnTheMomentumUpdate() {
    Hyperparameter lr = schedule(0.05);
    GradientActivation a = GradientActivation.sgdDefault();
    check(new GafSgd(lr, 0.9, 0.05, a, GafSgd.Placement.MOMENTUM_UPDATE), lr,
        gafSgd(a, 0.9, 0.05, true), gafSgd(a, 0.9, 0.05, false));
  }

  @Test
  void gafInsideAdam() {
    Hyperparameter lr = LearningRates.cosinePerStep(0.05, 0.005);
    GradientActivation a = GradientActivation.adamDefault();
    check(new GafAdam(lr, 0.9, 0.999, 1e-3, 0.1, a), lr, gafAdam(a, 0.1, true), gafAdam(a, 0.1, false));
  }

  @Test
  void miAdam1() {
    miAdam(1, 0.05);
  }

  @Test
  void miAdam2() {
    miAdam(2, 0.05);
  }

  @Test
  void miAdam3() {
    miAdam(3, 0.05);
  }

  /** Sub-epoch 3 of 6: 30 integral steps, then 30 Adam steps. */
  private static void miAdam(int k, double peak) {
    Hyperparameter lr = LearningRates.cosinePerStep(peak, peak / 10);
    MiAdam opt = new MiAdam(lr, 0.9, 0.999, 1e-8, 0.01, k, 0.98, 3);
    check(opt, lr, miAdamRule(k, 0.01, 3, k + 1), miAdamRule(k, 0.01, 3, k), miAdamRule(k, 0.01, 0, k + 1),
        miAdamRule(k, 0.01, 6, k + 1));
  }

  /** GAF SGD: {@code onMomentum} false = phi on g before momentum, true = phi on the buffer. */
  private static Rule gafSgd(GradientActivation a, double mu, double wd, boolean onMomentum) {
    return new Rule() {
      double[][] buf;
      public void step(double[][] w, double[][] g, double lr, int epoch) {
        if (buf == null) buf = zeros(w);
        for (int i = 0; i < w.length; i++)
          for (int j = 0; j < w[i].length; j++) {
            double d = (onMomentum ? g[i][j] : a.apply(g[i][j])) + wd * w[i][j];
            buf[i][j] = mu * buf[i][j] + d;
            w[i][j] -= lr * (onMomentum ? a.apply(buf[i][j]) : buf[i][j]);
          }
      }
    };
  }

  /** PyTorch Adam on phi(g) (+ coupled decay); {@code activate} false is the wrong variant. */
  private static Rule gafAdam(GradientActivation a, double wd, boolean activate) {
    return new Rule() {
      double[][] m, v;
      int t;
      public void step(double[][] w, double[][] g, double lr, int epoch) {
        if (m == null) { m = zeros(w); v = zeros(w); }
        t++;
        for (int i = 0; i < w.length; i++)
          for (int j = 0; j < w[i].length; j++) {
            double d = (activate ? a.apply(g[i][j]) : g[i][j]) + wd * w[i][j];
            m[i][j] = 0.9 * m[i][j] + 0.1 * d;
            v[i][j] = 0.999 * v[i][j] + 0.001 * d * d;
            double den = Math.sqrt(v[i][j]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-3;
            w[i][j] -= lr / (1 - Math.pow(0.9, t)) * m[i][j] / den;
          }
      }
    };
  }

  /** Spec section 5 MIAdam-k; {@code power} is the exponent of lr in the integral phase (k + 1). */
  private static Rule miAdamRule(int k, double wd, int subEpoch, int power) {
    return new Rule() {
      double[][] m, v;
      double[][][] b;
      int t;
      public void step(double[][] w, double[][] g, double lr, int epoch) {
        if (m == null) {
          m = zeros(w); v = zeros(w);
          b = new double[k][][];
          for (int i = 0; i < k; i++) b[i] = zeros(w);
        }
        t++;
        double bc1 = 1 - Math.pow(0.9, t), bc2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < w.length; i++)
          for (int j = 0; j < w[i].length; j++) {
            double d = g[i][j] + wd * w[i][j];
            m[i][j] = 0.9 * m[i][j] + 0.1 * d;
            v[i][j] = 0.999 * v[i][j] + 0.001 * d * d;
            double den = Math.sqrt(v[i][j]) / Math.sqrt(bc2) + 1e-8;
            double acc = m[i][j];
            for (int q = 0; q < k; q++) { b[q][i][j] = 0.98 * b[q][i][j] + acc; acc = b[q][i][j]; }
            w[i][j] -= epoch < subEpoch ? Math.pow(lr, power) * acc / (bc1 * den) : lr * m[i][j] / (bc1 * den);
          }
      }
    };
  }

  private static double[][] zeros(double[][] w) {
    double[][] z = new double[w.length][];
    for (int i = 0; i < w.length; i++) z[i] = new double[w[i].length];
    return z;
  }

  private static void check(Optimizer optimizer, Hyperparameter lr, Rule right, Rule... wrong) {
    List<Rule> rules = new ArrayList<>();
    rules.add(right);
    rules.addAll(List.of(wrong));
    List<double[][]> ws = new ArrayList<>();
    for (int j = 0; j < rules.size(); j++) ws.add(QuarticProblem.copy(QuarticProblem.INIT));
    double[] worst = new double[rules.size()];
    try (QuarticProblem p = new QuarticProblem(TFloat64.class, optimizer)) {
      for (int s = 0; s < STEPS; s++) {
        TrainingClock clock = TrainingClock.at(s, STEPS_PER_EPOCH, EPOCHS);
        p.step(clock);
        double[][] actual = p.read();
        for (int j = 0; j < rules.size(); j++) {
          double[][] w = ws.get(j);
          rules.get(j).step(w, QuarticProblem.gradient(w), lr.valueAt(clock), clock.epoch());
          for (int i = 0; i < w.length; i++)
            for (int c = 0; c < w[i].length; c++) {
              double d = Math.abs(actual[i][c] - w[i][c]) / Math.max(Math.abs(w[i][c]), 1e-3);
              worst[j] = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst[j], d);
            }
        }
      }
    }
    assertThat(worst[0]).as("largest relative deviation from the reference").isLessThan(1e-6);
    for (int j = 1; j < worst.length; j++) assertThat(worst[j]).as("deviation of wrong rule %d", j).isGreaterThan(1e-3);
  }
}
