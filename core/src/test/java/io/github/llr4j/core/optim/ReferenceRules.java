package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.testing.OptimizerContract.Reference;
import io.github.llr4j.core.testing.QuarticProblem;

/**
 * Plain-Java float64 references of the update rules, written from PyTorch's documented algorithms
 * (torch.optim.SGD, Adam, AdamW), spec section 5 (GAF, MIAdam) and Foret et al. / Kwon et al.
 * (SAM, ASAM), plus deliberately wrong variants that prove the comparisons can fail.
 */
final class ReferenceRules {

  private ReferenceRules() {}

  /** One optimizer's state and update; {@code step} changes {@code w} in place. */
  interface Rule extends Reference {
    void step(double[][] w, double[][] g, double lr);

    @Override
    default void step(double[][] w, double[][] g, double lr, TrainingClock clock) {
      step(w, g, lr);
    }
  }

  /**
   * torch.optim.SGD: g += wd*w; buf = g (first step) else mu*buf + (1-dampening)*g; nesterov g +=
   * mu*buf else g = buf; w -= lr*g. {@code decoupled} is a wrong variant (w *= 1 - lr*wd).
   */
  static Rule sgd(double mu, boolean nesterov, double wd, double dampening, boolean decoupled) {
    return new Rule() {
      double[][] buf;

      @Override
      public void step(double[][] w, double[][] grad, double lr) {
        boolean first = buf == null;
        if (first) buf = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
          if (first) buf[i] = new double[w[i].length];
          for (int k = 0; k < w[i].length; k++) {
            double g = grad[i][k];
            if (decoupled) w[i][k] *= 1 - lr * wd;
            else g += wd * w[i][k];
            if (mu > 0) {
              buf[i][k] = first ? g : mu * buf[i][k] + (1 - dampening) * g;
              g = nesterov ? g + mu * buf[i][k] : buf[i][k];
            }
            w[i][k] -= lr * g;
          }
        }
      }
    };
  }

  /** Wrong-variant switches for {@link #adam}. */
  enum AdamVariant {
    PYTORCH,
    /** m and v used without dividing by 1 - beta^t */
    NO_BIAS_CORRECTION,
    /** TensorFlow's "epsilon hat": eps added before undoing the bias of v */
    EPSILON_HAT,
    /** bias correction of step t + 1 (the count read after a racing increment) */
    STEP_AHEAD
  }

  /**
   * torch.optim.Adam (decoupled = false) / AdamW (decoupled = true), with t counted from 1 at the
   * first step.
   */
  static Rule adam(
      double b1, double b2, double eps, double wd, boolean decoupled, AdamVariant variant) {
    return new Rule() {
      double[][] m;
      double[][] v;
      int t;

      @Override
      public void step(double[][] w, double[][] grad, double lr) {
        if (m == null) {
          m = new double[w.length][];
          v = new double[w.length][];
          for (int i = 0; i < w.length; i++) {
            m[i] = new double[w[i].length];
            v[i] = new double[w[i].length];
          }
        }
        t++;
        int tc = variant == AdamVariant.STEP_AHEAD ? t + 1 : t;
        double bc1 = variant == AdamVariant.NO_BIAS_CORRECTION ? 1 : 1 - Math.pow(b1, tc);
        double bc2 = variant == AdamVariant.NO_BIAS_CORRECTION ? 1 : 1 - Math.pow(b2, tc);
        for (int i = 0; i < w.length; i++) {
          for (int k = 0; k < w[i].length; k++) {
            double g = grad[i][k];
            if (decoupled) w[i][k] *= 1 - lr * wd;
            else g += wd * w[i][k];
            m[i][k] = b1 * m[i][k] + (1 - b1) * g;
            v[i][k] = b2 * v[i][k] + (1 - b2) * g * g;
            double denom =
                variant == AdamVariant.EPSILON_HAT
                    ? (Math.sqrt(v[i][k]) + eps) / Math.sqrt(bc2)
                    : Math.sqrt(v[i][k]) / Math.sqrt(bc2) + eps;
            w[i][k] -= lr / bc1 * m[i][k] / denom;
          }
        }
      }
    };
  }

  /** GAF SGD: {@code onMomentum} false = phi on g before momentum, true = phi on the buffer. */
  static Rule gafSgd(GradientActivation a, double mu, double wd, boolean onMomentum) {
    return new Rule() {
      double[][] buf;

      @Override
      public void step(double[][] w, double[][] g, double lr) {
        if (buf == null) buf = zeros(w);
        for (int i = 0; i < w.length; i++) {
          for (int j = 0; j < w[i].length; j++) {
            double d = (onMomentum ? g[i][j] : a.apply(g[i][j])) + wd * w[i][j];
            buf[i][j] = mu * buf[i][j] + d;
            w[i][j] -= lr * (onMomentum ? a.apply(buf[i][j]) : buf[i][j]);
          }
        }
      }
    };
  }

  /** PyTorch Adam (0.9, 0.999, eps 1e-3) on phi(g) + coupled decay; {@code activate} false is wrong. */
  static Rule gafAdam(GradientActivation a, double wd, boolean activate) {
    return new Rule() {
      double[][] m;
      double[][] v;
      int t;

      @Override
      public void step(double[][] w, double[][] g, double lr) {
        if (m == null) {
          m = zeros(w);
          v = zeros(w);
        }
        t++;
        for (int i = 0; i < w.length; i++) {
          for (int j = 0; j < w[i].length; j++) {
            double d = (activate ? a.apply(g[i][j]) : g[i][j]) + wd * w[i][j];
            m[i][j] = 0.9 * m[i][j] + 0.1 * d;
            v[i][j] = 0.999 * v[i][j] + 0.001 * d * d;
            double den = Math.sqrt(v[i][j]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-3;
            w[i][j] -= lr / (1 - Math.pow(0.9, t)) * m[i][j] / den;
          }
        }
      }
    };
  }

  /**
   * Spec section 5 MIAdam-k (0.9, 0.999, eps 1e-8, kappa 0.98); {@code power} is the exponent of
   * lr in the integral phase (k + 1 is right), {@code subEpoch} the epochs of that phase.
   */
  static Reference miAdam(int k, double wd, int subEpoch, int power) {
    return new Reference() {
      double[][] m;
      double[][] v;
      double[][][] b;
      int t;

      @Override
      public void step(double[][] w, double[][] g, double lr, TrainingClock clock) {
        if (m == null) {
          m = zeros(w);
          v = zeros(w);
          b = new double[k][][];
          for (int i = 0; i < k; i++) b[i] = zeros(w);
        }
        t++;
        double bc1 = 1 - Math.pow(0.9, t);
        double bc2 = 1 - Math.pow(0.999, t);
        for (int i = 0; i < w.length; i++) {
          for (int j = 0; j < w[i].length; j++) {
            double d = g[i][j] + wd * w[i][j];
            m[i][j] = 0.9 * m[i][j] + 0.1 * d;
            v[i][j] = 0.999 * v[i][j] + 0.001 * d * d;
            double den = Math.sqrt(v[i][j]) / Math.sqrt(bc2) + 1e-8;
            double acc = m[i][j];
            for (int q = 0; q < k; q++) {
              b[q][i][j] = 0.98 * b[q][i][j] + acc;
              acc = b[q][i][j];
            }
            w[i][j] -= clock.epoch() < subEpoch
                ? Math.pow(lr, power) * acc / (bc1 * den)
                : lr * m[i][j] / (bc1 * den);
          }
        }
      }
    };
  }

  /** {@code base} on phi(g): GAF composed with any rule. */
  static Rule activated(GradientActivation a, Rule base) {
    return (w, g, lr) -> {
      double[][] phi = new double[g.length][];
      for (int i = 0; i < g.length; i++) {
        phi[i] = new double[g[i].length];
        for (int j = 0; j < g[i].length; j++) phi[i][j] = a.apply(g[i][j]);
      }
      base.step(w, phi, lr);
    };
  }

  /**
   * SAM (eta unused) or ASAM around {@code base}, every {@code interval} steps: g1 at w, e = rho g1
   * / ||g1|| (ASAM: rho T^2 g1 / ||T g1||, T = |w| + eta), the base step from w with the gradient
   * at w + e; plain base steps in between. {@code ascend} false is a wrong variant (base on g1).
   */
  static Reference sam(Reference base, double rho, boolean adaptive, double eta, int interval,
      boolean ascend) {
    return (w, g1, lr, clock) -> {
      if (!ascend || clock.step() % interval != 0) {
        base.step(w, g1, lr, clock);
        return;
      }
      double[][] t = zeros(w);
      double sumSq = 0;
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w[i].length; j++) {
          t[i][j] = adaptive ? Math.abs(w[i][j]) + eta : 1;
          double tg = t[i][j] * g1[i][j];
          sumSq += tg * tg;
        }
      }
      double factor = rho / Math.max(Math.sqrt(sumSq), 1e-12);
      double[][] perturbed = QuarticProblem.copy(w);
      for (int i = 0; i < w.length; i++) {
        for (int j = 0; j < w[i].length; j++) {
          perturbed[i][j] += factor * t[i][j] * t[i][j] * g1[i][j];
        }
      }
      base.step(w, QuarticProblem.gradient(perturbed), lr, clock);
    };
  }

  private static double[][] zeros(double[][] w) {
    double[][] z = new double[w.length][];
    for (int i = 0; i < w.length; i++) z[i] = new double[w[i].length];
    return z;
  }
}
