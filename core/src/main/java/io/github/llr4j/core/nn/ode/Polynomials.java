package io.github.llr4j.core.nn.ode;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Roots of a polynomial with real coefficients, by the Aberth-Ehrlich simultaneous iteration
 * (Aberth 1973): each estimate z_i moves by w_i / (1 - w_i * sum_{j != i} 1/(z_i - z_j)) with
 * w_i = p(z_i)/p'(z_i), which converges cubically to simple roots and linearly to multiple ones.
 *
 * <p>Accuracy: simple roots to about 1e-14 relative to the coefficients; a root of multiplicity m
 * only to about (1e-16)^(1/m) (any method in double precision is limited so), i.e. 1e-8 for a
 * double root. Intended for the low degrees of multistep methods (a few up to a few dozen).
 */
public final class Polynomials {
  private Polynomials() {}

  private static final int MAX_ITERATIONS = 500;

  /**
   * The roots of c[0] z^n + c[1] z^(n-1) + ... + c[n], ordered by real part then imaginary part.
   * Leading zero coefficients are dropped (they lower the degree); zero roots are exact.
   *
   * @param c coefficients, highest power first; finite, not all zero
   * @return n roots (with multiplicity) for the degree n after dropping leading zeros
   */
  public static Complex[] roots(double... c) {
    if (c == null || c.length == 0) {
      throw new IllegalArgumentException("coefficients must be non-empty, got "
          + (c == null ? "null" : "[]"));
    }
    for (double v : c) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("coefficients must be finite, got "
            + Arrays.toString(c));
      }
    }
    int lead = 0;
    while (lead < c.length && c[lead] == 0) {
      lead++;
    }
    if (lead == c.length) {
      throw new IllegalArgumentException(
          "coefficients must not all be zero (every number is a root), got " + Arrays.toString(c));
    }
    int end = c.length;
    int zeros = 0;
    while (c[end - 1] == 0) {
      end--;
      zeros++;
    }
    // monic, without the zero roots (taken out exactly)
    double[] a = new double[end - lead];
    for (int i = 0; i < a.length; i++) {
      a[i] = c[lead + i] / c[lead];
    }
    Complex[] found = aberth(a);
    Complex[] all = Arrays.copyOf(found, found.length + zeros);
    Arrays.fill(all, found.length, all.length, Complex.ZERO);
    Arrays.sort(all, Comparator.comparingDouble(Complex::re).thenComparingDouble(Complex::im));
    return all;
  }

  /** p(z) for coefficients highest power first (Horner). */
  public static Complex evaluate(double[] a, Complex z) {
    Complex p = Complex.ZERO;
    for (double v : a) {
      p = p.times(z).plus(new Complex(v, 0));
    }
    return p;
  }

  private static Complex derivative(double[] a, Complex z) {
    int n = a.length - 1;
    Complex d = Complex.ZERO;
    for (int i = 0; i < n; i++) {
      d = d.times(z).plus(new Complex(a[i] * (n - i), 0));
    }
    return d;
  }

  private static double distanceToConjugate(Complex a, Complex b) {
    return Math.hypot(a.re() - b.re(), a.im() + b.im());
  }

  private static Complex[] aberth(double[] a) {
    int n = a.length - 1;
    Complex[] z = new Complex[n];
    if (n == 0) {
      return z;
    }
    // Cauchy's bound: every root lies within 1 + max |a_i| (a monic); start on a circle inside it,
    // at angles offset so no start is real (a real start of a real polynomial stays real)
    double bound = 0;
    for (int i = 1; i <= n; i++) {
      bound = Math.max(bound, Math.abs(a[i]));
    }
    double radius = Math.min(1 + bound, Math.pow(Math.abs(a[n]), 1.0 / n) + 1e-3);
    for (int i = 0; i < n; i++) {
      double angle = 2 * Math.PI * i / n + 0.4;
      z[i] = new Complex(radius * Math.cos(angle), radius * Math.sin(angle));
    }
    for (int it = 0; it < MAX_ITERATIONS; it++) {
      double moved = 0;
      for (int i = 0; i < n; i++) {
        Complex p = evaluate(a, z[i]);
        if (p.abs() == 0) {
          continue;
        }
        Complex w = p.div(derivative(a, z[i]));
        Complex sum = Complex.ZERO;
        for (int j = 0; j < n; j++) {
          if (j != i) {
            sum = sum.plus(Complex.ONE.div(z[i].minus(z[j])));
          }
        }
        Complex step = w.div(Complex.ONE.minus(w.times(sum)));
        if (!Double.isFinite(step.re()) || !Double.isFinite(step.im())) {
          // p'(z) = 0 at a multiple root or a coincidence: nudge and go on
          step = new Complex(1e-8 * (1 + z[i].abs()), 1e-8 * (1 + z[i].abs()));
        }
        z[i] = z[i].minus(step);
        moved = Math.max(moved, step.abs() / (1 + z[i].abs()));
      }
      if (moved < 1e-15) {
        break;
      }
    }
    // a real polynomial's roots are real or conjugate pairs: drop rounding-level imaginary parts
    // and make each pair exactly conjugate (so the pair sorts the same way every time)
    for (int i = 0; i < n; i++) {
      if (Math.abs(z[i].im()) <= 1e-12 * (1 + Math.abs(z[i].re()))) {
        z[i] = new Complex(z[i].re(), 0);
      }
    }
    boolean[] paired = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (paired[i] || z[i].im() <= 0) {
        continue;
      }
      int best = -1;
      for (int j = 0; j < n; j++) {
        if (!paired[j] && z[j].im() < 0 && (best < 0 || distanceToConjugate(z[i], z[j])
            < distanceToConjugate(z[i], z[best]))) {
          best = j;
        }
      }
      if (best >= 0) {
        double re = (z[i].re() + z[best].re()) / 2;
        double im = (z[i].im() - z[best].im()) / 2;
        z[i] = new Complex(re, im);
        z[best] = new Complex(re, -im);
        paired[i] = true;
        paired[best] = true;
      }
    }
    return z;
  }
}
