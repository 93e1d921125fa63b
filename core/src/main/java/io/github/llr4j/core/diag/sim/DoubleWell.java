package io.github.llr4j.core.diag.sim;

/**
 * A one-dimensional loss with a sharp minimum at x = 0 and a flat minimum to its right, made of
 * three parabolas joined with matching value and slope (C1): the sharp well
 * {@code L = sharpLoss + ka x^2 / 2}, the inverted barrier {@code L = top - kb (x - xb)^2 / 2} with
 * {@code top = sharpLoss + barrierHeight}, and the flat well {@code L = flatLoss + kc (x - xc)^2 / 2}.
 *
 * <p>Geometry (from equal slope and value at the joins): the barrier top is at
 * {@code xb = sqrt(2 dU (ka + kb) / (ka kb))} with {@code dU = barrierHeight}, the left join at
 * {@code xb kb / (ka + kb)}; the flat minimum at {@code xc = xb + sqrt(2 dUc (kb + kc) / (kb kc))}
 * with {@code dUc = top - flatLoss}, the right join at {@code xb + (xc - xb) kc / (kb + kc)}. The
 * barrier being exactly parabolic makes Kramers' formula ({@link #kramersRate}) the right
 * asymptotic for escape over it.
 *
 * <p>Arguments: sharpCurvature ka = L''(0), > 0
 * barrierCurvature kb = |L''(xb)|, > 0
 * flatCurvature kc = L''(xc), > 0
 * sharpLoss L(0), >= 0
 * barrierHeight L(xb) - L(0), > 0
 * flatLoss L(xc), >= 0 and below the barrier top
 */
public final class DoubleWell {

  private final double sharpCurvature, barrierCurvature, flatCurvature, sharpLoss, barrierHeight, flatLoss;
  private final double xb, xc, leftJoin, rightJoin;

  public DoubleWell(double sharpCurvature, double barrierCurvature, double flatCurvature, double sharpLoss,
      double barrierHeight, double flatLoss) {
    positive("sharp curvature", sharpCurvature);
    positive("barrier curvature", barrierCurvature);
    positive("flat curvature", flatCurvature);
    positive("barrier height", barrierHeight);
    if (!(sharpLoss >= 0) || !Double.isFinite(sharpLoss))
      throw new IllegalArgumentException("sharp loss must be >= 0 and finite, got " + sharpLoss);
    if (!(flatLoss >= 0) || !(flatLoss < sharpLoss + barrierHeight))
      throw new IllegalArgumentException("flat loss must be >= 0 and below the barrier top " + (sharpLoss + barrierHeight)
          + ", got " + flatLoss);
    this.sharpCurvature = sharpCurvature;
    this.barrierCurvature = barrierCurvature;
    this.flatCurvature = flatCurvature;
    this.sharpLoss = sharpLoss;
    this.barrierHeight = barrierHeight;
    this.flatLoss = flatLoss;
    double ka = sharpCurvature, kb = barrierCurvature, kc = flatCurvature;
    xb = Math.sqrt(2 * barrierHeight * (ka + kb) / (ka * kb));
    xc = xb + Math.sqrt(2 * (top() - flatLoss) * (kb + kc) / (kb * kc));
    leftJoin = xb * kb / (ka + kb);
    rightJoin = xb + (xc - xb) * kc / (kb + kc);
  }

  public double sharpCurvature() { return sharpCurvature; }
  public double barrierCurvature() { return barrierCurvature; }
  public double flatCurvature() { return flatCurvature; }
  public double sharpLoss() { return sharpLoss; }
  public double barrierHeight() { return barrierHeight; }
  public double flatLoss() { return flatLoss; }

  private static void positive(String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) throw new IllegalArgumentException(name + " must be > 0 and finite, got " + v);
  }

  /** Loss at the barrier top. */
  public double top() {
    return sharpLoss + barrierHeight;
  }

  /** Position of the barrier top. */
  public double barrier() {
    return xb;
  }

  /** Position of the flat minimum. */
  public double flatMinimum() {
    return xc;
  }

  /** L(x). */
  public double loss(double x) {
    if (x < leftJoin) return sharpLoss + 0.5 * sharpCurvature * x * x;
    if (x < rightJoin) {
      double t = x - xb;
      return top() - 0.5 * barrierCurvature * t * t;
    }
    double t = x - xc;
    return flatLoss + 0.5 * flatCurvature * t * t;
  }

  /** L'(x). */
  public double gradient(double x) {
    if (x < leftJoin) return sharpCurvature * x;
    if (x < rightJoin) return -barrierCurvature * (x - xb);
    return flatCurvature * (x - xc);
  }

  /**
   * Kramers' escape rate over the barrier per unit time for the overdamped Langevin dynamics
   * {@code dx = -L'(x) dt + sqrt(2 D) dW}: {@code sqrt(ka kb) / (2 pi) exp(-dU / D)}, valid for
   * {@code dU / D >> 1}.
   */
  public double kramersRate(double temperature) {
    return Math.sqrt(sharpCurvature * barrierCurvature) / (2 * Math.PI) * Math.exp(-barrierHeight / temperature);
  }
}
