package io.github.llr4j.adversarial.attack;

import io.github.llr4j.core.check.Require;

/**
 * The valid input range [lo, hi] (pixels: [0, 1]) and the projections onto the intersection of
 * an eps-ball around the clean input with that range.
 */
public record Box(float lo, float hi) {

  public static final Box UNIT = new Box(0f, 1f);

  public Box {
    if (!(lo < hi)) throw new IllegalArgumentException("box must have lo < hi, got [" + lo + ", " + hi + "]");
  }

  /**
   * The largest meaningful radius: the box's diameter in {@code norm} for inputs of
   * {@code exampleSize} values, hi - lo (Linf) or sqrt(exampleSize) (hi - lo) (L2). A ball of this
   * radius around any input in the box already contains the whole box, so a larger eps changes
   * nothing and is a mistake (e.g. a radius meant for pixels in [0, 255]).
   */
  public double maxRadius(Norm norm, long exampleSize) {
    Require.atLeast("example size", exampleSize, 1);
    double width = (double) hi - lo;
    return norm == Norm.LINF ? width : Math.sqrt((double) exampleSize) * width;
  }

  /** Refuses an eps outside [0, {@link #maxRadius}], naming the bound. */
  public void checkRadius(Norm norm, double eps, long exampleSize) {
    double max = maxRadius(norm, exampleSize);
    if (!(eps >= 0 && eps <= max)) {
      throw new IllegalArgumentException("eps must be in [0, " + (float) max + "] for " + norm + " on inputs in ["
          + lo + ", " + hi + "]" + (norm == Norm.L2 ? " of " + exampleSize + " values" : "")
          + " (a radius of " + (float) max + " already reaches every input in the box), got " + eps);
    }
  }

  /** Projects {@code x} onto {x : |x - x0|_inf <= eps, lo <= x <= hi}, in place. */
  public void projectLinf(float[] x, float[] x0, float eps) {
    for (int j = 0; j < x.length; j++) {
      float v = Math.min(Math.max(x[j], x0[j] - eps), x0[j] + eps);
      x[j] = Math.min(Math.max(v, lo), hi);
    }
  }

  /**
   * Projects each example (rows of {@code size}) of {@code x} onto the L2 ball of radius eps around
   * {@code x0}, then clips to the range; clipping only moves coordinates towards x0 (x0 is inside
   * the range), so the result stays in the ball.
   */
  public void projectL2(float[] x, float[] x0, float eps, int size) {
    for (int o = 0; o < x.length; o += size) {
      double norm = 0;
      for (int j = o; j < o + size; j++) norm += (double) (x[j] - x0[j]) * (x[j] - x0[j]);
      norm = Math.sqrt(norm);
      double scale = norm > eps ? eps / norm : 1;
      for (int j = o; j < o + size; j++) {
        float v = (float) (x0[j] + (x[j] - x0[j]) * scale);
        x[j] = Math.min(Math.max(v, lo), hi);
      }
    }
  }

  void project(Norm norm, float[] x, float[] x0, float eps, int size) {
    if (norm == Norm.LINF) projectLinf(x, x0, eps);
    else projectL2(x, x0, eps, size);
  }

  void checkInside(float[] x) {
    for (int j = 0; j < x.length; j++)
      if (!(x[j] >= lo && x[j] <= hi))
        throw new IllegalArgumentException("inputs must lie in [" + lo + ", " + hi + "] (attack the model's raw"
            + " pixel input; normalisation belongs inside the model), got " + x[j] + " at index " + j);
  }
}
