package io.github.llr4j.core.diag.sim;

import io.github.llr4j.core.reshape.LossReshaper;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Escape from the sharp minimum of a {@link DoubleWell} under SGD with Gaussian gradient noise,
 * plain or on the reshaped objective {@code L0 f(L / L0)}.
 *
 * <p>Update: {@code x <- x - lr * f'(L(x) / L0) * (L'(x) + sigma * xi)}, xi standard normal, every
 * walker starting at the sharp minimum x = 0; plain SGD is f' = 1. The noise stands for mini-batch
 * gradient noise, so the reshaping factor multiplies it too, as it multiplies a mini-batch gradient
 * in training. Deviation: the factor uses the full loss L(x), where training uses the batch loss.
 *
 * <p>Temperature: with time t = lr * steps the plain update is the Euler scheme of
 * {@code dx = -L' dt + sqrt(2 D) dW} with {@code D = lr sigma^2 / 2}. In discrete time the
 * stationary variance in the sharp well {@code L = ka x^2 / 2} is
 * {@code lr sigma^2 / (ka (2 - lr ka))} (from {@code Var = (1 - lr ka)^2 Var + lr^2 sigma^2}),
 * i.e. the Boltzmann temperature {@code D = lr sigma^2 / (2 - lr ka)} (see {@link #temperature}),
 * which tends to {@code lr sigma^2 / 2} as {@code lr ka -> 0}. Reshaping scales drift by f' and
 * diffusion by f'^2, so it acts locally as the temperature {@code D f'(L / L0)}: f' > 1 at low loss
 * heats the bottom of the sharp well.
 *
 * <p>Measured per walker: the first step at which it reaches {@code escapeAt} (to the right of the
 * barrier top) and its settle step, the step after its last visit to the sharp side
 * {@code x <= barrier} when it ends on the flat side. The escape rate per step is the maximum
 * likelihood rate of an exponential waiting time with right censoring: escapes / (steps spent
 * before escape or the end, summed over walkers).
 */
public final class EscapeSimulation {

  private EscapeSimulation() {}

  /**
   * Settings.
   *
   * @param lr step size, > 0
   * @param sigma gradient-noise standard deviation, > 0
   * @param steps steps per walker, >= 1
   * @param walkers independent walkers, >= 1
   * @param seed walker i uses the i-th split of a SplittableRandom of this seed (order independent)
   * @param escapeAt position whose first crossing counts as escape (must be right of the barrier)
   * @param curvePoints points of the escaped-fraction curve, >= 2
   */
  public record Config(double lr, double sigma, int steps, int walkers, long seed, double escapeAt, int curvePoints) {
    public Config {
      if (!(lr > 0) || !Double.isFinite(lr)) throw new IllegalArgumentException("lr must be > 0 and finite, got " + lr);
      if (!(sigma > 0) || !Double.isFinite(sigma))
        throw new IllegalArgumentException("sigma must be > 0 and finite, got " + sigma);
      if (steps < 1) throw new IllegalArgumentException("steps must be >= 1, got " + steps);
      if (walkers < 1) throw new IllegalArgumentException("walkers must be >= 1, got " + walkers);
      if (curvePoints < 2) throw new IllegalArgumentException("curve points must be >= 2, got " + curvePoints);
    }
  }

  /**
   * Outcome of one objective.
   *
   * @param escapes walkers that reached escapeAt
   * @param exposure steps spent before escape (or the end), summed over walkers
   * @param ratePerStep escapes / exposure
   * @param medianEscapeStep median first-escape step of the walkers that escaped (NaN if none)
   * @param settled walkers that ended on the flat side
   * @param medianSettleStep median settle step of those (NaN if none)
   * @param meanFinalLoss mean L at the last step
   * @param curveSteps steps of the escaped-fraction curve
   * @param escapedFraction fraction of walkers escaped by each of curveSteps
   */
  public record Result(int walkers, int escapes, long exposure, double ratePerStep, double medianEscapeStep,
      int settled, double medianSettleStep, double meanFinalLoss, int[] curveSteps, double[] escapedFraction) {}

  /** D = lr sigma^2 / (2 - lr ka): the discrete-time temperature of plain SGD in the sharp well. */
  public static double temperature(DoubleWell well, double lr, double sigma) {
    double s = 2 - lr * well.sharpCurvature();
    if (!(s > 1)) throw new IllegalArgumentException("lr * sharp curvature must be < 1 for a stable well, got " + (lr * well.sharpCurvature()));
    return lr * sigma * sigma / s;
  }

  /** Kramers' rate per SGD step: {@code lr * kramersRate(temperature)}. */
  public static double kramersRatePerStep(DoubleWell well, double lr, double sigma) {
    return lr * well.kramersRate(temperature(well, lr, sigma));
  }

  /** Runs the walkers; {@code reshaper} null = plain SGD, otherwise L0 f(L / L0) with {@code initialLoss} L0 > 0. */
  public static Result run(DoubleWell well, LossReshaper reshaper, double initialLoss, Config c) {
    if (!(c.escapeAt() > well.barrier()))
      throw new IllegalArgumentException("escape position must be right of the barrier top " + well.barrier()
          + ", got " + c.escapeAt());
    if (reshaper != null && (!(initialLoss > 0) || !Double.isFinite(initialLoss)))
      throw new IllegalArgumentException("initial loss L0 must be > 0 and finite, got " + initialLoss);
    SplittableRandom root = new SplittableRandom(c.seed());
    int[] curveSteps = new int[c.curvePoints()];
    for (int i = 0; i < curveSteps.length; i++) curveSteps[i] = (int) Math.round((double) c.steps() * (i + 1) / curveSteps.length);
    int[] escapedBy = new int[curveSteps.length];
    double[] escapeSteps = new double[c.walkers()];
    double[] settleSteps = new double[c.walkers()];
    int escapes = 0, settled = 0;
    long exposure = 0;
    double finalLoss = 0;
    double xb = well.barrier();
    for (int w = 0; w < c.walkers(); w++) {
      SplittableRandom r = root.split();
      double x = 0;
      int escapedAt = -1, lastSharp = 0;
      for (int t = 1; t <= c.steps(); t++) {
        double g = well.gradient(x) + c.sigma() * r.nextGaussian();
        double factor = reshaper == null ? 1 : reshaper.derivative(well.loss(x) / initialLoss);
        x -= c.lr() * factor * g;
        if (!Double.isFinite(x))
          throw new IllegalStateException("walker " + w + " diverged at step " + t + " (lr * f' too large for the well)");
        if (x <= xb) lastSharp = t;
        if (escapedAt < 0 && x >= c.escapeAt()) escapedAt = t;
      }
      if (escapedAt > 0) {
        escapeSteps[escapes++] = escapedAt;
        exposure += escapedAt;
        for (int i = 0; i < curveSteps.length; i++) if (escapedAt <= curveSteps[i]) escapedBy[i]++;
      } else {
        exposure += c.steps();
      }
      if (x > xb) settleSteps[settled++] = lastSharp + 1;
      finalLoss += well.loss(x);
    }
    double[] fraction = new double[curveSteps.length];
    for (int i = 0; i < fraction.length; i++) fraction[i] = (double) escapedBy[i] / c.walkers();
    return new Result(c.walkers(), escapes, exposure, (double) escapes / exposure, median(escapeSteps, escapes),
        settled, median(settleSteps, settled), finalLoss / c.walkers(), curveSteps, fraction);
  }

  private static double median(double[] a, int n) {
    if (n == 0) return Double.NaN;
    double[] s = Arrays.copyOf(a, n);
    Arrays.sort(s);
    return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
  }
}
