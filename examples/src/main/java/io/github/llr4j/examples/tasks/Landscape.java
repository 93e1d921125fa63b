package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.diag.Directions;
import io.github.llr4j.core.diag.HessianSpectrum;
import io.github.llr4j.core.diag.HessianVectorProduct;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.LossSurface;
import io.github.llr4j.core.diag.Sharpness;
import io.github.llr4j.core.diag.SpectralDensity;
import io.github.llr4j.core.diag.psi.FoldedNetwork;
import io.github.llr4j.core.diag.psi.PsiFlatness;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Flatness diagnostics of a saved run (core's {@code diag} package on a checkpoint): top-k Hessian
 * eigenvalues, Hutchinson trace, optionally per layer, a 1-D or 2-D filter-normalised loss
 * surface, epsilon-sharpness, the gradient/top-eigenvector angle and the eigenvalue density by
 * stochastic Lanczos quadrature, and for plain ReLU chains (MLPs, {@code small_cnn[_nobn]}, VGG; batch
 * norm folded) the basis-path values and PSI-flatness, all of
 * the plain loss in inference mode over a fixed set of batches.
 */
public final class Landscape {

  /**
   * What to compute.
   *
   * @param topK eigenvalues (0 = none)
   * @param iterations power-iteration budget per eigenvalue
   * @param tolerance relative change that stops the power iteration
   * @param hutchinson trace samples (0 = no trace)
   * @param surface "none", "1d" or "2d"
   * @param points grid points per axis
   * @param radius half-width of the grid (filter-normalised units)
   * @param sharpnessEps Keskar's eps (0 = skip), with {@code sharpnessSteps} L-BFGS-B iterations or
   *     ascent steps
   * @param sharpnessMethod how the box is searched ({@link Sharpness.Method}); the shorter
   *     constructors take L-BFGS-B, Keskar et al.'s
   * @param sharpnessSubspace L-BFGS-B only: p of Keskar's random subspace (drawn from {@code seed}),
   *     0 for the full space (the shorter constructors' choice)
   * @param perLayer top eigenvalue and trace per layer too
   * @param seed random vectors and directions
   * @param densitySteps Lanczos steps per start vector of the eigenvalue density (0 = no density)
   * @param densityVectors start vectors of the density
   * @param densityZeroTolerance an eigenvalue counts as zero when |lambda| <= this times the largest
   *     |Ritz value|; also the threshold of the negative mass
   * @param psiEps relative radius of the PSI-flatness perturbations in basis-path space (0 = none);
   *     measured only on {@link ScaleInvariantChain} models (batch norm folded), skipped for other models
   * @param psiSamples perturbations drawn for PSI-flatness
   */
  public record Options(int topK, int iterations, double tolerance, int hutchinson, String surface, int points,
      double radius, double sharpnessEps, int sharpnessSteps, Sharpness.Method sharpnessMethod, int sharpnessSubspace,
      boolean perLayer, long seed, int densitySteps, int densityVectors, double densityZeroTolerance, double psiEps,
      int psiSamples) {

    /** Epsilon-sharpness by L-BFGS-B. */
    public Options(int topK, int iterations, double tolerance, int hutchinson, String surface, int points,
        double radius, double sharpnessEps, int sharpnessSteps, boolean perLayer, long seed, int densitySteps,
        int densityVectors, double densityZeroTolerance, double psiEps, int psiSamples) {
      this(topK, iterations, tolerance, hutchinson, surface, points, radius, sharpnessEps, sharpnessSteps,
          Sharpness.Method.LBFGSB, 0, perLayer, seed, densitySteps, densityVectors, densityZeroTolerance, psiEps,
          psiSamples);
    }

    /** Without PSI-flatness. */
    public Options(int topK, int iterations, double tolerance, int hutchinson, String surface, int points,
        double radius, double sharpnessEps, int sharpnessSteps, boolean perLayer, long seed, int densitySteps,
        int densityVectors, double densityZeroTolerance) {
      this(topK, iterations, tolerance, hutchinson, surface, points, radius, sharpnessEps, sharpnessSteps, perLayer,
          seed, densitySteps, densityVectors, densityZeroTolerance, 0, 1);
    }

    /** Without the eigenvalue density. */
    public Options(int topK, int iterations, double tolerance, int hutchinson, String surface, int points,
        double radius, double sharpnessEps, int sharpnessSteps, boolean perLayer, long seed) {
      this(topK, iterations, tolerance, hutchinson, surface, points, radius, sharpnessEps, sharpnessSteps, perLayer,
          seed, 0, 1, 0.01, 0, 1);
    }

    public Options {
      if (!(psiEps >= 0 && psiEps < 1)) throw new IllegalArgumentException("--psi-eps must be in [0, 1), got " + psiEps);
      if (psiSamples < 1) throw new IllegalArgumentException("--psi-samples must be >= 1, got " + psiSamples);
      if (densitySteps < 0) throw new IllegalArgumentException("--density must be >= 0, got " + densitySteps);
      if (densityVectors < 1) throw new IllegalArgumentException("--density-vectors must be >= 1, got " + densityVectors);
      if (!(densityZeroTolerance >= 0 && densityZeroTolerance < 1))
        throw new IllegalArgumentException("--density-zero-tol must be in [0, 1), got " + densityZeroTolerance);
      if (topK < 0 || hutchinson < 0) throw new IllegalArgumentException("--top-k and --hutchinson must be >= 0, got " + topK + ", " + hutchinson);
      if (!List.of("none", "1d", "2d").contains(surface))
        throw new IllegalArgumentException("--surface must be 1d, 2d or none, got '" + surface + "'");
      if (points < 3) throw new IllegalArgumentException("--points must be >= 3, got " + points);
      if (!(radius > 0)) throw new IllegalArgumentException("--radius must be > 0, got " + radius);
      if (iterations < 2) throw new IllegalArgumentException("--iterations must be >= 2, got " + iterations);
      if (sharpnessEps < 0) throw new IllegalArgumentException("--sharpness-eps must be >= 0, got " + sharpnessEps);
      if (sharpnessSteps < 1) throw new IllegalArgumentException("--sharpness-steps must be >= 1, got " + sharpnessSteps);
      if (sharpnessMethod == null) throw new IllegalArgumentException("sharpnessMethod must not be null (lbfgsb or ascent)");
      if (sharpnessSubspace < 0)
        throw new IllegalArgumentException("--sharpness-subspace must be >= 0 (0 = full space), got " + sharpnessSubspace);
      if (sharpnessSubspace > 0 && sharpnessMethod != Sharpness.Method.LBFGSB)
        throw new IllegalArgumentException("--sharpness-subspace needs --sharpness-method lbfgsb, got "
            + sharpnessMethod.cliName());
    }
  }

  /**
   * The eigenvalue density: the SLQ quadrature, its broadened density on a grid, the fraction of
   * eigenvalues within {@code zeroTolerance} (absolute) of 0 and the mass below {@code -zeroTolerance}.
   */
  public record Density(SpectralDensity.Quadrature quadrature, double[] grid, double[] values, double sigma,
      double zeroTolerance, double zeroFraction, double negativeMass) {

    /** Broadening sigma = 1% of the spectrum's width (at least 1e-6 of its largest |value|). */
    static Density of(SpectralDensity.Quadrature q, double relativeZeroTolerance) {
      double width = q.max() - q.min();
      double sigma = Math.max(0.01 * width, 1e-6 * Math.max(q.maxAbs(), 1e-12));
      double[] grid = q.grid(sigma, 400);
      double tol = relativeZeroTolerance * q.maxAbs();
      return new Density(q, grid, q.density(grid, sigma), sigma, tol, q.massNear(0, tol), q.negativeMass(tol));
    }
  }

  /** Results; absent parts are null. */
  public record Result(HessianSpectrum.Eigen eigen, HessianSpectrum.Trace trace, LossSurface.Line line,
      LossSurface.Plane plane, Sharpness.Epsilon sharpness, Double angleDegrees, double loss,
      Map<String, double[]> perLayer, long parameters, long examples, double seconds, Density density,
      PsiFlatness psi) {

    /** Plain values for JSON. */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("loss", loss);
      m.put("parameters", parameters);
      m.put("examples", examples);
      if (eigen != null) {
        m.put("eigenvalues", eigen.values());
        m.put("eigen_iterations", eigen.iterations());
        m.put("eigen_converged", eigen.converged());
        m.put("eigen_tolerance", eigen.tolerance());
        m.put("eigen_max_iterations", eigen.maxIterations());
        m.put("eigen_products", eigen.products());
        m.put("eigen_seconds", eigen.seconds());
      }
      if (trace != null) {
        m.put("trace", trace.estimate());
        m.put("trace_stderr", trace.standardError());
        m.put("trace_samples", trace.samples());
        m.put("trace_seconds", trace.seconds());
      }
      if (line != null) m.put("sharpness_1d", line.maxIncrease());
      if (sharpness != null) {
        m.put("epsilon_sharpness", sharpness.sharpness());
        m.put("epsilon", sharpness.eps());
        m.put("epsilon_sharpness_method", sharpness.method().cliName());
        m.put("epsilon_sharpness_steps", sharpness.steps());
        m.put("epsilon_sharpness_passes", sharpness.passes());
        m.put("epsilon_sharpness_max_loss", sharpness.maxLoss());
        m.put("epsilon_sharpness_subspace", sharpness.subspace());
        m.put("epsilon_sharpness_iterations", sharpness.iterations());
        m.put("epsilon_sharpness_stop", sharpness.stop().name().toLowerCase(Locale.ROOT));
      }
      if (angleDegrees != null) m.put("gradient_top_eigenvector_angle_degrees", angleDegrees);
      if (perLayer != null) m.put("per_layer_lambda_max_trace", perLayer);
      if (density != null) {
        var q = density.quadrature();
        m.put("density_lanczos_steps", q.steps());
        m.put("density_vectors", q.vectors());
        m.put("density_ritz_min", q.min());
        m.put("density_ritz_max", q.max());
        m.put("density_zero_tolerance", density.zeroTolerance());
        m.put("density_zero_fraction", density.zeroFraction());
        m.put("density_negative_mass", density.negativeMass());
        m.put("density_sigma", density.sigma());
        m.put("density_products", q.products());
        m.put("density_seconds", q.seconds());
      }
      if (psi != null) {
        m.put("psi_basis_paths", psi.paths());
        m.put("psi_zero_paths", psi.zeroPaths());
        m.put("psi_max_value", psi.maxAbsValue());
        m.put("psi_min_value", psi.minAbsValue());
        m.put("psi_ratio", psi.ratio());
        m.put("psi_eps", psi.eps());
        m.put("psi_samples", psi.samples());
        m.put("psi_sharpness", psi.maxIncrease());
        m.put("psi_mean_increase", psi.meanIncrease());
        m.put("psi_seconds", psi.seconds());
      }
      m.put("seconds", seconds);
      return m;
    }
  }

  private Landscape() {}

  /** Null when basis paths are defined for {@code spec} (a {@link ScaleInvariantChain}), else why not. */
  public static String psiUnsupported(ModelSpec spec) {
    return spec instanceof ScaleInvariantChain ? null
        : "basis paths are built for plain ReLU chains without residual connections or depthwise convolutions"
            + " (--model mlp[_H1_H2...], small_cnn, small_cnn_nobn, vgg11/13/16/19; batch norm is folded into the"
            + " layer before it), got " + spec.name();
  }

  /**
   * Refuses {@code --sharpness-subspace P} unless {@code 1 <= P <= parameters} and Keskar's random
   * matrix A (P x parameters floats, 4 bytes each) takes at most half of {@code maxHeapBytes}: the
   * other half is left for the vectors of one double per parameter the diagnostics hold (weights,
   * gradients, Hessian-vector products, eigenvectors) and the data.
   */
  public static void requireSubspaceFits(int p, long parameters, long maxHeapBytes) {
    if (p < 1 || p > parameters)
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--sharpness-subspace must be in [1, %,d] (the"
          + " model's parameter count; 0 = full space), got %d", parameters, p));
    long need = 4L * p * parameters;
    if (need > maxHeapBytes / 2) {
      long most = maxHeapBytes / 2 / (4L * parameters);
      throw new IllegalArgumentException(String.format(Locale.ROOT, "--sharpness-subspace %d needs %d x %,d parameters"
          + " x 4 bytes = %.2f GB for the random matrix A, more than half of the Java heap (max %.2f GB): use"
          + " --sharpness-subspace %s or a larger heap (LLR4J_JAVA_OPTS=-Xmx...)", p, p, parameters, need / 1e9,
          maxHeapBytes / 1e9, most >= 1 ? "<= " + most : "0 (the full space)"));
    }
  }

  /** Runs the diagnostics of {@code options} on the checkpoint of {@code run} over the first {@code maxBatches} of {@code data}. */
  public static Result analyse(ModelSpec spec, Path run, Batches data, int maxBatches, Options o) {
    long t0 = System.nanoTime();
    Path dir = Checkpoints.resolve(run);
    List<Batch> batches = new ArrayList<>();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model model = spec.build(tf.withSubScope("model"), 0);
      LossProbe probe = new LossProbe(tf, "diag", model, new CrossEntropyLoss(spec.classes()), data.inputType(),
          data.exampleShape(), false);
      // before any measurement: A is allocated only after the others, which can take minutes
      if (o.sharpnessEps() > 0 && o.sharpnessSubspace() > 0)
        requireSubspaceFits(o.sharpnessSubspace(), probe.layout().size(), Runtime.getRuntime().maxMemory());
      try (Session s = new Session(g)) {
        Checkpoints.restoreVariables(s, dir);
        Iterator<Batch> it = data.epoch(0);
        while (it.hasNext() && (maxBatches == 0 || batches.size() < maxBatches)) batches.add(it.next());
        long examples = batches.stream().mapToLong(Batch::size).sum();
        HessianVectorProduct hvp = new HessianVectorProduct(probe, s, batches, HessianVectorProduct.Mode.FINITE_DIFFERENCE, 1e-3);
        LossProbe.LossGradient lg = probe.lossAndGradient(s, batches);
        HessianSpectrum.Eigen eigen = o.topK() == 0 ? null
            : HessianSpectrum.topEigenvalues(hvp, o.topK(), o.iterations(), o.tolerance(), o.seed(), null);
        HessianSpectrum.Trace trace = o.hutchinson() == 0 ? null : HessianSpectrum.trace(hvp, o.hutchinson(), o.seed() + 1, null);
        Map<String, double[]> perLayer = null;
        if (o.perLayer()) {
          perLayer = new LinkedHashMap<>();
          for (var e : probe.layout().layerGroups().entrySet()) {
            boolean[] mask = probe.layout().mask(e.getValue());
            double lmax = HessianSpectrum.topEigenvalues(hvp, 1, o.iterations(), o.tolerance(), o.seed(), mask).top();
            double tr = o.hutchinson() == 0 ? Double.NaN : HessianSpectrum.trace(hvp, o.hutchinson(), o.seed() + 1, mask).estimate();
            perLayer.put(e.getKey(), new double[] {lmax, tr});
          }
        }
        double[] w = hvp.weights();
        LossSurface.Line line = null;
        LossSurface.Plane plane = null;
        double[] grid = LossSurface.grid(o.radius(), o.points());
        double[] d1 = Directions.filterNormalised(probe.layout(), w, o.seed() + 2);
        if (!o.surface().equals("none")) line = LossSurface.line(probe, s, batches, d1, grid);
        if (o.surface().equals("2d")) {
          double[] d2 = Directions.filterNormalised(probe.layout(), w, o.seed() + 3);
          plane = LossSurface.plane(probe, s, batches, d1, d2, grid, grid);
        }
        Sharpness.Epsilon eps = o.sharpnessEps() == 0 ? null
            : Sharpness.epsilon(probe, s, batches, o.sharpnessEps(), o.sharpnessSteps(), o.sharpnessMethod(),
                o.sharpnessSubspace(), o.seed());
        Density density = o.densitySteps() == 0 ? null
            : Density.of(SpectralDensity.estimate(hvp, o.densitySteps(), o.densityVectors(), o.seed() + 4),
                o.densityZeroTolerance());
        Double angle = eigen == null ? null : Sharpness.angleDegrees(lg.gradient(), eigen.vectors().get(0));
        PsiFlatness psi = o.psiEps() == 0 || psiUnsupported(spec) != null ? null
            : PsiFlatness.measure(probe, s, batches, FoldedNetwork.read(probe, s), o.psiEps(), o.psiSamples(), o.seed() + 5);
        return new Result(eigen, trace, line, plane, eps, angle, lg.loss(), perLayer, probe.layout().size(), examples,
            (System.nanoTime() - t0) / 1e9, density, psi);
      }
    } finally {
      batches.forEach(Batch::close);
    }
  }
}
