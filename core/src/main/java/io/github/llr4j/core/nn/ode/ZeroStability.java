package io.github.llr4j.core.nn.ode;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The root condition (Dahlquist): a linear multistep method is zero-stable iff every root of its
 * first characteristic polynomial rho lies in the closed unit disc and every root on the unit
 * circle is simple.
 *
 * <p>Tolerances, in double precision: a root counts as on the circle when ||z| - 1| <= {@link
 * #CIRCLE_TOLERANCE}, and as outside when |z| > 1 + that. Two roots on the circle closer than
 * {@link #SIMPLE_TOLERANCE} count as one multiple root (a computed double root splits into two
 * about 1e-8 apart; a triple root at about 1e-5, which then counts as outside). Either way a
 * polynomial with a multiple root on the circle is reported not zero-stable.
 *
 * @param roots the roots of rho (see {@link Polynomials#roots})
 * @param zeroStable whether the root condition holds within the tolerances
 * @param reason why not (empty when zero-stable)
 */
public record ZeroStability(Complex[] roots, boolean zeroStable, String reason) {

  /** Distance of |z| from 1 within which z counts as on the unit circle. */
  public static final double CIRCLE_TOLERANCE = 1e-7;

  /** Two roots on the circle closer than this count as one multiple root. */
  public static final double SIMPLE_TOLERANCE = 1e-4;

  /** Checks the root condition for rho with coefficients {@code rho}, highest power first. */
  public static ZeroStability check(double... rho) {
    Complex[] roots = Polynomials.roots(rho);
    for (Complex z : roots) {
      if (z.abs() > 1 + CIRCLE_TOLERANCE) {
        return new ZeroStability(roots, false,
            "root " + z + " lies outside the unit disc (|z| = " + String.format(
                java.util.Locale.ROOT, "%.6g", z.abs()) + ")");
      }
    }
    for (int i = 0; i < roots.length; i++) {
      if (Math.abs(roots[i].abs() - 1) > CIRCLE_TOLERANCE) {
        continue;
      }
      for (int j = i + 1; j < roots.length; j++) {
        if (roots[i].minus(roots[j]).abs() < SIMPLE_TOLERANCE) {
          return new ZeroStability(roots, false,
              "root " + roots[i] + " on the unit circle is not simple");
        }
      }
    }
    return new ZeroStability(roots, true, "");
  }

  /** The roots as text, e.g. {@code [-0.333333, -0.333333, 1.00000]}. */
  public String rootsText() {
    return Arrays.stream(roots).map(Complex::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  /** The largest root modulus (the spectral radius of the method's companion matrix). */
  public double spectralRadius() {
    return Arrays.stream(roots).mapToDouble(Complex::abs).max().orElse(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ZeroStability z && zeroStable == z.zeroStable && reason.equals(z.reason)
        && Arrays.equals(roots, z.roots);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(roots) + reason.hashCode();
  }

  @Override
  public String toString() {
    return (zeroStable ? "zero-stable" : "not zero-stable: " + reason) + ", roots " + rootsText();
  }
}
