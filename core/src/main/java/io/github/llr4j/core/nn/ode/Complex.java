package io.github.llr4j.core.nn.ode;

import java.util.Locale;

/** A complex number in double precision (immutable): only what root finding needs. */
public record Complex(double re, double im) {

  static final Complex ZERO = new Complex(0, 0);
  static final Complex ONE = new Complex(1, 0);

  public Complex plus(Complex o) {
    return new Complex(re + o.re, im + o.im);
  }

  public Complex minus(Complex o) {
    return new Complex(re - o.re, im - o.im);
  }

  public Complex times(Complex o) {
    return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
  }

  /** this / o; Smith's algorithm, which avoids overflow in the denominator. */
  public Complex div(Complex o) {
    if (Math.abs(o.re) >= Math.abs(o.im)) {
      double r = o.im / o.re;
      double d = o.re + o.im * r;
      return new Complex((re + im * r) / d, (im - re * r) / d);
    }
    double r = o.re / o.im;
    double d = o.re * r + o.im;
    return new Complex((re * r + im) / d, (im * r - re) / d);
  }

  /** |this|. */
  public double abs() {
    return Math.hypot(re, im);
  }

  @Override
  public String toString() {
    if (im == 0) {
      return String.format(Locale.ROOT, "%.6g", re);
    }
    return String.format(Locale.ROOT, "%.6g%s%.6gi", re, im < 0 ? "-" : "+", Math.abs(im));
  }
}
