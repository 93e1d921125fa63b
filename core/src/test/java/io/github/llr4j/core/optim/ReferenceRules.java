package io.github.llr4j.core.optim;

/**
 * Plain-Java float64 references of the update rules, written from PyTorch's documented algorithms
 * (torch.optim.SGD, Adam, AdamW), plus deliberately wrong variants that prove the comparisons can
 * fail.
 */
final class ReferenceRules {

  private ReferenceRules() {}

  /** One optimizer's state and update; {@code step} changes {@code w} in place. */
  interface Rule {
    void step(double[][] w, double[][] g, double lr);
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
}
