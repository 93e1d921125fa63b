package io.github.llr4j.core.diag.curve;

/**
 * The quadratic Bezier curve {@code phi(t) = (1-t)^2 w1 + 2t(1-t) theta + t^2 w2}, t in [0, 1],
 * through the end points w1 (t = 0) and w2 (t = 1) with control point theta. With theta the
 * midpoint (w1 + w2) / 2 it is the straight line {@code (1-t) w1 + t w2}. At t = 0 and t = 1 the
 * point is the end point itself, bit for bit (the other coefficients are exactly 0).
 */
public final class BezierCurve {
  private final double[] w1;
  private final double[] w2;
  private final double[] theta;

  /** The straight line between {@code w1} and {@code w2}: theta at their midpoint. */
  public BezierCurve(double[] w1, double[] w2) {
    if (w1 == null || w2 == null || w1.length != w2.length || w1.length == 0)
      throw new IllegalArgumentException("end points must be non-empty and of equal length, got "
          + (w1 == null ? null : w1.length) + " and " + (w2 == null ? null : w2.length));
    this.w1 = w1.clone();
    this.w2 = w2.clone();
    theta = new double[w1.length];
    for (int i = 0; i < theta.length; i++) theta[i] = 0.5 * (w1[i] + w2[i]);
  }

  public int dimension() {
    return w1.length;
  }

  /** phi(t). */
  public double[] point(double t) {
    if (!(t >= 0 && t <= 1)) throw new IllegalArgumentException("t must be in [0, 1], got " + t);
    if (t == 0) return w1.clone();
    if (t == 1) return w2.clone();
    double a = (1 - t) * (1 - t), b = 2 * t * (1 - t), c = t * t;
    double[] p = new double[w1.length];
    for (int i = 0; i < p.length; i++) p[i] = a * w1[i] + b * theta[i] + c * w2[i];
    return p;
  }

  /** d phi(t) / d theta = 2t(1-t) (the same for every coordinate). */
  public static double controlWeight(double t) {
    return 2 * t * (1 - t);
  }

  /** theta -= step * g (the caller scales g by {@link #controlWeight}). */
  void moveControl(double step, double[] g) {
    for (int i = 0; i < theta.length; i++) theta[i] -= step * g[i];
  }

  /** A copy of the control point. */
  public double[] control() {
    return theta.clone();
  }
}
