package io.github.llr4j.core.reshape;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Parameter ranges outside which a reshaper is numerically dead or broken in float32, the dtype
 * the trainer computes in: its derivative f' (the factor on every gradient) is 0 at every normalised
 * loss a run visits, so no step moves the weights, or f or f' is not finite there.
 *
 * <p>The range of normalised losses x = L / L0 is taken as [{@value #X_LO}, {@value #X_HI}]: a run
 * starts near x = 1, a fitted model's mean loss rarely falls below a millionth of L0, and a loss
 * ten times L0 is already a diverging run. "0 in float32" means below float32's smallest normal
 * number: TensorFlow's CPU kernels flush smaller values to zero.
 */
final class UsableRange {
  private UsableRange() {}

  /** Smallest normalised loss considered. */
  static final double X_LO = 1e-6;
  /** Largest normalised loss considered. */
  static final double X_HI = 10;
  /** float32's smallest normal number. */
  static final double TINY = Float.MIN_NORMAL;
  /** float32's largest finite number. */
  static final double HUGE = Float.MAX_VALUE;

  private static final String DEAD = "f' is 0 in float32 at every normalised loss in [" + X_LO + ", " + X_HI
      + "], so no step would move the weights";

  /**
   * Refuses {@code v} outside [lo, hi], naming the range and why. The bounds are shown with four
   * significant digits rounded inwards, so every value inside the shown range is accepted.
   */
  static void require(String fn, String name, double v, double lo, double hi, String why) {
    if (!(v >= lo && v <= hi)) {
      throw new IllegalArgumentException(fn + " " + name + " must be in [" + shown(lo, RoundingMode.CEILING) + ", "
          + shown(hi, RoundingMode.FLOOR) + "] (" + why + "), got " + v);
    }
  }

  private static String shown(double v, RoundingMode mode) {
    if (v == 0) return "0";
    return new BigDecimal(v).round(new MathContext(4, mode)).stripTrailingZeros().toString();
  }

  /** |v| within float32's range: the coefficient is fed to the graph as float32. */
  static void float32(String fn, String name, double v) {
    if (Math.abs(v) > HUGE) {
      throw new IllegalArgumentException(fn + " " + name + " must be at most " + HUGE
          + " in magnitude (coefficients are float32 in the graph), got " + v);
    }
  }

  /** Is |v| 0 to a float32 graph? */
  static boolean zero(double v) {
    return Math.abs(v) < TINY;
  }

  /** tanh(u) sech(u), the shape of sech's f' / a. */
  private static double tanhSech(double u) {
    double e = Math.exp(-Math.abs(u));
    return Math.tanh(u) * 2 * e / (1 + e * e);
  }

  /**
   * sech: f'(x) = a tanh(u) sech(u) + p with u = c x / b. With p = 0 in float32 the sech term is
   * the whole gradient factor: its largest value over [X_LO, X_HI] (at x = b when b lies inside,
   * else at the nearer end) must not underflow, and a may not be 0. In every case f's scale a b / c
   * must be finite in float32.
   */
  static void sech(double a, double b, double p) {
    float32("sech", "a", a);
    float32("sech", "plus-base", p);
    boolean noFloor = zero(p);
    if (noFloor && zero(a)) {
      throw new IllegalArgumentException("sech a must be nonzero when plus-base is 0 (f' = a tanh(u) sech(u)"
          + " would be 0 everywhere; give a, e.g. the default 2.5, or plus-base > 0), got a = " + a);
    }
    if (noFloor && Math.abs(a) / 2 < TINY) {
      throw new IllegalArgumentException("sech a must be at least " + 2 * TINY + " in magnitude when plus-base is 0 ("
          + DEAD + "), got " + a);
    }
    double lo = TINY;
    double hi = zero(a) ? HUGE : Math.min(HUGE, HUGE * Sech.C / Math.abs(a));
    if (noFloor) {
      // beyond X_LO / b the factor falls like 2|a| e^{-u}: find the u where it reaches TINY
      double uLo = Sech.C, uHi = 800;
      for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (uLo + uHi);
        if (Math.abs(a) * tanhSech(mid) >= TINY) uLo = mid;
        else uHi = mid;
      }
      lo = Math.max(lo, Sech.C * X_LO / uLo);
      // for b >> X_HI the factor is about |a| c X_HI / b
      hi = Math.min(hi, Math.abs(a) * Sech.C * X_HI / TINY);
    }
    require("sech", "b", b, lo, hi, "for a = " + a + " and plus-base = " + p + "; outside it "
        + (noFloor ? DEAD + ", or" : "") + " f = -(a b / c) sech(c x / b) + p x overflows float32");
  }

  /**
   * sech-imagenet: the added base keeps f' = k (a tanh(u) sech(u) + 1) away from 0 except at isolated
   * points, so only float32 overflow is refused: a and the shift as fed coefficients, and the
   * sech term's scale a b / c.
   */
  static void sechImageNet(double a, double b, double shift) {
    float32("sech-imagenet", "a", a);
    float32("sech-imagenet", "shift", shift);
    double hi = a == 0 ? HUGE : Math.min(HUGE, HUGE * Sech.C / Math.abs(a));
    require("sech-imagenet", "b", b, TINY, hi, "for a = " + a + "; outside it b underflows or the sech term"
        + " -(a b / c) sech(c y / b) overflows float32");
  }

  /** linquad: f = x + a x^2 must be finite up to X_HI. */
  static void linquad(double a) {
    double m = HUGE / (X_HI * X_HI);
    require("linquad", "a", a, -m, m, "beyond it f = x + a x^2 overflows float32 below a normalised loss of " + X_HI);
  }

  /** linexp: f' = 1 - a + a e^{a x} must be finite up to X_HI; for a < 0 (1 - a) x must be. */
  static void linexp(double a) {
    double lo = 0, hi = 100;
    for (int i = 0; i < 200; i++) {
      double mid = 0.5 * (lo + hi);
      if (Math.abs(1 - mid + mid * Math.exp(mid * X_HI)) <= HUGE) lo = mid;
      else hi = mid;
    }
    require("linexp", "a", a, -HUGE / X_HI, lo, "beyond it e^{a x}, f and f' overflow float32 below a normalised"
        + " loss of " + X_HI);
  }

  /** atan: a atan(bx)^2 and 2ab atan(bx) must be finite. */
  static void atan(double a, double b) {
    double ma = HUGE / (Math.PI * Math.PI / 4);
    require("atan", "a", a, -ma, ma, "beyond it f = x + a atan(bx)^2 overflows float32");
    double mb = HUGE / Math.PI / Math.max(Math.abs(a), 1e-300);
    if (a != 0) require("atan", "b", b, -mb, mb, "for a = " + a + "; beyond it f' = 1 + 2ab atan(bx) / (1 + b^2 x^2)"
        + " overflows float32");
    float32("atan", "b", b);
  }

  /**
   * logexp: a must stay below 1 in float32 (f' = k / (1 - a e^{-qx}) is infinite at x = 0 where a
   * rounds to 1); k must be neither 0 in float32 nor so large that f' overflows; q must keep
   * ln(1 - a e^{-qx}) / q finite.
   */
  static void logexp(double a, double k, double q) {
    double a32 = Math.nextDown(1f);
    require("logexp", "a", a, 0, a32, "float32 rounds larger values to 1, where f' = k / (1 - a e^{-qx}) is"
        + " infinite at x = 0");
    double oneMinusA = 1 - (double) (float) a;
    require("logexp", "k", k, TINY, HUGE * oneMinusA, "for a = " + a + "; below it " + DEAD
        + ", above it f' = k / (1 - a e^{-qx}) overflows float32 near x = 0");
    require("logexp", "q", q, Math.max(TINY, -Math.log(oneMinusA) / HUGE), HUGE,
        "for a = " + a + "; below it f = k ln(e^{qx} - a) / q overflows float32 near x = 0");
  }

  /** window: a = 0 on a window covering the whole range leaves no gradient. */
  static void window(double a, double lo, double hi) {
    float32("window", "a", a);
    float32("window", "lo", lo);
    float32("window", "hi", hi);
    if (zero(a) && lo <= X_LO && hi >= X_HI) {
      throw new IllegalArgumentException("window a must be nonzero when the window [" + lo + ", " + hi
          + "] covers the normalised losses [" + X_LO + ", " + X_HI + "] (f' = a there: " + DEAD
          + "), got " + a);
    }
  }
}
