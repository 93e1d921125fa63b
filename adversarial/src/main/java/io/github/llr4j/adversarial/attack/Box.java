package io.github.llr4j.adversarial.attack;

/**
 * The valid input range [lo, hi] (pixels: [0, 1]) and the projections onto the intersection of
 * an eps-ball around the clean input with that range.
 */
public record Box(float lo, float hi) {

  public static final Box UNIT = new Box(0f, 1f);

  public Box {
    if (!(lo < hi)) throw new IllegalArgumentException("box must have lo < hi, got [" + lo + ", " + hi + "]");
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
