package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.ode.ZeroStability;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The coefficients of ZeroSNet's three-step update (Chen, Jin and Shang, "Zero Stability Well
 * Predicts Performance of Convolutional Neural Networks", AAAI 2022):
 *
 * <pre>x_{n+1} = a0 x_n + a1 x_{n-1} + a2 x_{n-2} + b0 h F(x_n),   h = 1,</pre>
 *
 * an explicit linear multistep method for x' = F(x) with first characteristic polynomial
 * rho(z) = z^3 - a0 z^2 - a1 z - a2 and second sigma(z) = b0 z^2.
 *
 * <p>Consistency (order >= 1): rho(1) = 0, i.e. a0 + a1 + a2 = 1, and rho'(1) = sigma(1), i.e.
 * 3 - 2 a0 - a1 = b0. Second order adds a1 + 4 a2 = 1 (the t^2 test). The family of the paper
 * solves these three conditions for a free ("training-free") parameter k != 0:
 *
 * <pre>a0 = (3k + 3) / (4k),  a1 = -1 / k,  a2 = (k + 1) / (4k),  b0 = (3k - 1) / (2k)</pre>
 *
 * so every k gives a second-order method. Zero-stability region (derived here from the formulas,
 * checked numerically by {@link #stability()}): rho(z) = (z - 1)(4k z^2 + (k - 3) z + k + 1) / (4k),
 * and the Schur-Cohn conditions on the quadratic give <b>k <= -1 or k > 1/3</b>. At k = -1 the
 * method is the leapfrog (explicit midpoint) rule x_{n+1} = x_{n-1} + 2F(x_n), roots -1, 0, 1, on
 * the boundary; at k = 1/3 rho has a triple root at 1. The reference's fixed choice ("Opt") is
 * k = -9/5: (a0, a1, a2, b0) = (1/3, 5/9, 1/9, 16/9), roots 1, -1/3, -1/3; its "Tra" variant
 * trains k from 1.
 *
 * <p>Explicit coefficients (not from a k) are accepted for ablations, e.g. {@link #forwardEuler()}
 * (1, 0, 0, 1), which is ResNet's update.
 *
 * @param a0 weight of x_n
 * @param a1 weight of x_{n-1}
 * @param a2 weight of x_{n-2}
 * @param b0 weight of the residual branch F(x_n)
 * @param parameter the k these came from, or NaN for explicit coefficients
 */
public record ZeroSCoefficients(double a0, double a1, double a2, double b0, double parameter) {

  /** The reference's fixed parameter, k = -9/5. */
  public static final double DEFAULT_PARAMETER = -9.0 / 5;

  /** The region of k in which the family is zero-stable, as text. */
  public static final String REGION = "k <= -1 or k > 1/3";

  /** Tolerance of the consistency conditions (coefficients are O(1)). */
  static final double CONSISTENCY_TOLERANCE = 1e-9;

  public ZeroSCoefficients {
    for (double v : new double[] {a0, a1, a2, b0}) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("coefficients must be finite, got (a0, a1, a2, b0) = ("
            + a0 + ", " + a1 + ", " + a2 + ", " + b0 + ")");
      }
    }
  }

  /** The family member for parameter k (see the class comment). */
  public static ZeroSCoefficients fromParameter(double k) {
    if (!Double.isFinite(k) || k == 0) {
      throw new IllegalArgumentException(
          "the ZeroSNet parameter k must be finite and non-zero (the formulas divide by k), got " + k);
    }
    return new ZeroSCoefficients((3 * k + 3) / (4 * k), -1 / k, (k + 1) / (4 * k),
        (3 * k - 1) / (2 * k), k);
  }

  /** Explicit coefficients. */
  public static ZeroSCoefficients of(double a0, double a1, double a2, double b0) {
    return new ZeroSCoefficients(a0, a1, a2, b0, Double.NaN);
  }

  /** x_{n+1} = x_n + F(x_n): ResNet's update, first order. */
  public static ZeroSCoefficients forwardEuler() {
    return of(1, 0, 0, 1);
  }

  /** Whether these came from a parameter k. */
  public boolean hasParameter() {
    return !Double.isNaN(parameter);
  }

  /** rho's coefficients, highest power first: {1, -a0, -a1, -a2}. */
  public double[] characteristic() {
    return new double[] {1, -a0, -a1, -a2};
  }

  /** The root condition for rho. */
  public ZeroStability stability() {
    return ZeroStability.check(characteristic());
  }

  /** Why the coefficients are not consistent, or empty if they are (within 1e-9). */
  public String inconsistency() {
    double r1 = 1 - a0 - a1 - a2;
    double r2 = 3 - 2 * a0 - a1 - b0;
    if (Math.abs(r1) > CONSISTENCY_TOLERANCE) {
      return "a0 + a1 + a2 must be 1 (rho(1) = 0), got " + fmt(a0 + a1 + a2);
    }
    if (Math.abs(r2) > CONSISTENCY_TOLERANCE) {
      return "b0 must equal 3 - 2 a0 - a1 = " + fmt(3 - 2 * a0 - a1) + " (rho'(1) = sigma(1)), got "
          + fmt(b0);
    }
    return "";
  }

  /**
   * Refuses coefficients that are inconsistent or not zero-stable, naming the roots; does nothing
   * when {@code allowUnstable} (ablations).
   */
  public void requireValid(boolean allowUnstable) {
    if (allowUnstable) {
      return;
    }
    String bad = inconsistency();
    if (!bad.isEmpty()) {
      throw new IllegalArgumentException("ZeroSNet coefficients " + text() + " are not consistent: "
          + bad + "; use consistent coefficients or allow unstable ones explicitly (model suffix "
          + "_unstable) for an ablation");
    }
    ZeroStability s = stability();
    if (!s.zeroStable()) {
      throw new IllegalArgumentException("ZeroSNet coefficients " + text()
          + " are not zero-stable: " + s.reason() + "; roots of rho " + s.rootsText()
          + "; choose " + REGION + ", or allow unstable ones explicitly (model suffix "
          + "_unstable) for an ablation");
    }
  }

  /** e.g. {@code k = -1.8: (a0, a1, a2, b0) = (0.333333, 0.555556, 0.111111, 1.77778)}. */
  public String text() {
    String c = "(a0, a1, a2, b0) = (" + fmt(a0) + ", " + fmt(a1) + ", " + fmt(a2) + ", " + fmt(b0)
        + ")";
    return hasParameter() ? "k = " + fmt(parameter) + ": " + c : c;
  }

  /** For the run banner and model.json: parameter, coefficients, roots, region, verdict. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (hasParameter()) {
      m.put("k", parameter);
      m.put("region", REGION);
    }
    m.put("a0", a0);
    m.put("a1", a1);
    m.put("a2", a2);
    m.put("b0", b0);
    ZeroStability s = stability();
    m.put("rho_roots", s.rootsText());
    m.put("zero_stable", s.zeroStable());
    String bad = inconsistency();
    m.put("consistent", bad.isEmpty());
    return m;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6g", v);
  }
}
