package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import java.util.List;
import org.tensorflow.Session;

/**
 * Hessian-vector products {@code H v} of the mean inference-mode loss over a fixed list of
 * batches, at the weights the model holds when this object is created (w0).
 *
 * <p>{@link Mode#FINITE_DIFFERENCE}: the central difference of two gradients,
 * {@code H v ~ (g(w0 + h v) - g(w0 - h v)) / (2 h)} with {@code h = relativeStep * ||w0|| / ||v||}
 * (so the perturbation's length is {@code relativeStep} times the weights' length; exact for a
 * quadratic loss up to rounding, error O(h^2) otherwise). The weights are moved by assigning the
 * variables and are restored to w0 bit for bit after every product, also when it fails. Costs two
 * forward-backward passes per batch. {@link Mode#EXACT}: double back-propagation (needs
 * {@link LossProbe#exactAvailable()}).
 */
public final class HessianVectorProduct {

  /** How the products are computed. */
  public enum Mode { FINITE_DIFFERENCE, EXACT }

  private final LossProbe probe;
  private final Session session;
  private final List<Batch> data;
  private final Mode mode;
  private final double relativeStep;
  private final double[] w0;
  private final double w0Norm;
  private long count;

  /**
   * @param relativeStep finite-difference step relative to ||w0||, in (0, 1] (1e-3 is a good
   *     default for float32 networks; a quadratic is exact for any step)
   */
  public HessianVectorProduct(LossProbe probe, Session session, List<Batch> data, Mode mode, double relativeStep) {
    if (probe == null || session == null || mode == null)
      throw new IllegalArgumentException("probe, session and mode must not be null");
    if (data == null || data.isEmpty()) throw new IllegalArgumentException("data must hold at least one batch, got " + data);
    if (!(relativeStep > 0 && relativeStep <= 1))
      throw new IllegalArgumentException("relativeStep must be in (0, 1], got " + relativeStep);
    if (mode == Mode.EXACT && !probe.exactAvailable())
      throw new IllegalArgumentException("mode EXACT needs second-order gradients: " + probe.exactUnavailableReason()
          + "; use FINITE_DIFFERENCE");
    this.probe = probe;
    this.session = session;
    this.data = List.copyOf(data);
    this.mode = mode;
    this.relativeStep = relativeStep;
    this.w0 = probe.weights(session);
    double n = Vectors.norm(w0);
    this.w0Norm = n > 0 ? n : 1;
  }

  public Mode mode() { return mode; }
  public int dimension() { return w0.length; }
  public LossProbe probe() { return probe; }
  public Session session() { return session; }
  public List<Batch> data() { return data; }

  /** The weights the products are taken at (a copy). */
  public double[] weights() { return w0.clone(); }

  /** Number of products computed so far. */
  public long count() { return count; }

  /** {@code H v}; {@code v} must not be all zeros. */
  public double[] apply(double[] v) {
    count++;
    if (mode == Mode.EXACT) return probe.exactHvp(session, data, v);
    double vn = Vectors.norm(v);
    if (!(vn > 0) || !Double.isFinite(vn)) throw new IllegalArgumentException("v must be finite and non-zero, got norm " + vn);
    double h = relativeStep * w0Norm / vn;
    try {
      probe.setWeights(session, Vectors.plus(w0, h, v));
      double[] plus = probe.lossAndGradient(session, data).gradient();
      probe.setWeights(session, Vectors.plus(w0, -h, v));
      double[] minus = probe.lossAndGradient(session, data).gradient();
      double[] out = new double[v.length];
      for (int i = 0; i < out.length; i++) out[i] = (plus[i] - minus[i]) / (2 * h);
      return out;
    } finally {
      probe.setWeights(session, w0);
    }
  }
}
