package io.github.llr4j.core.diag.traj;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.HessianSpectrum;
import io.github.llr4j.core.diag.HessianVectorProduct;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.Sharpness;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;

/**
 * One trajectory sample in two halves: {@link #before} measures at the weights a step starts from
 * (and puts them back), {@link #sample} compares the weights after the step with them.
 */
public final class TrajectoryProbe {

  /**
   * The state before a step.
   *
   * @param weights w before the step
   * @param loss plain inference-mode loss at w over the measurement batches
   * @param gradient its gradient at w
   * @param lambdaMax top Hessian eigenvalue at w
   * @param eigenvector its unit eigenvector
   * @param iterations power iterations used
   * @param converged whether the tolerance was reached
   * @param seconds measurement time
   */
  public record Before(double[] weights, double loss, double[] gradient, double lambdaMax, double[] eigenvector,
      int iterations, boolean converged, double seconds) {}

  private final LossProbe probe;
  private final TrajectoryTracking settings;

  public TrajectoryProbe(LossProbe probe, TrajectoryTracking settings) {
    if (probe == null || settings == null) throw new IllegalArgumentException("probe and settings must not be null");
    this.probe = probe;
    this.settings = settings;
  }

  public LossProbe probe() {
    return probe;
  }

  /** Measures at the current weights; they are unchanged afterwards. */
  public Before before(Session session, List<Batch> data) {
    long t0 = System.nanoTime();
    LossProbe.LossGradient lg = probe.lossAndGradient(session, data);
    HessianVectorProduct hvp = new HessianVectorProduct(probe, session, data, HessianVectorProduct.Mode.FINITE_DIFFERENCE, 1e-3);
    HessianSpectrum.Eigen e = HessianSpectrum.topEigenvalues(hvp, 1, settings.powerIterations(), settings.tolerance(),
        settings.seed(), null);
    return new Before(hvp.weights(), lg.loss(), lg.gradient(), e.top(), e.vectors().get(0), e.iterations()[0],
        e.converged()[0], (System.nanoTime() - t0) / 1e9);
  }

  /**
   * The sample of the step from {@code b} to {@code after}: {@code update_angle_degrees} (the
   * update's angle to the eigenvector's line, in [0, 90]), {@code gradient_angle_degrees} (the same
   * for the gradient), {@code update_gradient_cosine} (of the update with -gradient; the gradient is
   * the measurement batches', so plain SGD reaches 1 only when its step used those same batches and
   * no weight decay), {@code update_norm}, {@code lambda_max} and {@code loss}.
   */
  public static Map<String, Object> sample(Before b, double[] after, long step, int epoch) {
    if (after.length != b.weights().length)
      throw new IllegalArgumentException("weights after the step must have " + b.weights().length + " entries, got " + after.length);
    double[] d = new double[after.length];
    double dd = 0, dg = 0, gg = 0;
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - b.weights()[i];
      dd += d[i] * d[i];
      dg += -d[i] * b.gradient()[i];
      gg += b.gradient()[i] * b.gradient()[i];
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("step", step);
    m.put("epoch", epoch);
    m.put("loss", b.loss());
    m.put("lambda_max", b.lambdaMax());
    m.put("lambda_max_iterations", b.iterations());
    m.put("lambda_max_converged", b.converged());
    m.put("update_norm", Math.sqrt(dd));
    // null (not NaN, which JSON cannot hold) where a direction is zero
    m.put("update_angle_degrees", dd == 0 ? null : Sharpness.angleDegrees(d, b.eigenvector()));
    m.put("gradient_angle_degrees", gg == 0 ? null : Sharpness.angleDegrees(b.gradient(), b.eigenvector()));
    m.put("update_gradient_cosine", dd == 0 || gg == 0 ? null : dg / Math.sqrt(dd * gg));
    m.put("measure_seconds", b.seconds());
    return m;
  }
}
