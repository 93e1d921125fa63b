package io.github.llr4j.examples.cli;

import io.github.llr4j.core.diag.Sharpness;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.examples.tasks.Landscape;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j landscape}: flatness diagnostics of a trained vision run (spec section 9): top-k
 * Hessian eigenvalues (power iteration on finite-difference Hessian-vector products), the
 * Hutchinson trace, a filter-normalised 1-D or 2-D loss surface (CSV + PNG), epsilon-sharpness and
 * the gradient/top-eigenvector angle, of the plain loss in inference mode on a seeded sample of
 * the training set.
 */
@Command(name = "landscape", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Flatness diagnostics of a trained run: Hessian top-k eigenvalues and trace, loss surface",
        "along filter-normalised directions (CSV + PNG), epsilon-sharpness, gradient/eigenvector angle."})
public final class LandscapeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN", description = "run folder of llr4j train")
  Path run;

  @Option(names = "--top-k", defaultValue = "1", description = "Hessian eigenvalues to compute (default 1; 0 = none)")
  int topK;

  @Option(names = "--iterations", defaultValue = "20", description = "power-iteration budget per eigenvalue (default 20)")
  int iterations;

  @Option(names = "--tolerance", defaultValue = "1e-3", description = "relative change that stops the power iteration (default 1e-3)")
  double tolerance;

  @Option(names = "--hutchinson", defaultValue = "10", description = "Rademacher samples of the trace (default 10; 0 = none)")
  int hutchinson;

  @Option(names = "--per-layer", description = "also lambda_max and trace per layer (costs one run per layer)")
  boolean perLayer;

  @Option(names = "--surface", defaultValue = "1d", description = "1d (default), 2d or none")
  String surface;

  @Option(names = "--points", defaultValue = "21", description = "grid points per axis (default 21)")
  int points;

  @Option(names = "--radius", defaultValue = "1.0", description = "grid half-width in filter-normalised units (default 1)")
  double radius;

  @Option(names = "--sharpness-eps", defaultValue = "1e-3", description = "Keskar epsilon-sharpness box (default 1e-3; 0 = skip)")
  double sharpnessEps;

  @Option(names = "--sharpness-method", defaultValue = "lbfgsb", paramLabel = "lbfgsb|ascent",
      description = "epsilon-sharpness maximiser: lbfgsb (default; Keskar et al.'s L-BFGS-B over the box) or ascent"
          + " (projected sign-gradient steps, a cheaper lower bound)")
  String sharpnessMethod;

  @Option(names = "--sharpness-subspace", defaultValue = "0", paramLabel = "P",
      description = "with lbfgsb: maximise over Keskar's random P-dimensional subspace (A n x P Gaussian from --seed,"
          + " P x parameters x 4 bytes of memory) instead of the full space (default 0 = full space)")
  int sharpnessSubspace;

  @Option(names = "--sharpness-steps", paramLabel = "N",
      description = "L-BFGS-B iterations (default 10) or ascent steps (default 5) for epsilon-sharpness")
  Integer sharpnessSteps;

  @Option(names = "--density", defaultValue = "0", paramLabel = "STEPS",
      description = "Hessian eigenvalue density: Lanczos steps per start vector (stochastic Lanczos quadrature; default 0 = none)")
  int densitySteps;

  @Option(names = "--density-vectors", defaultValue = "4", description = "start vectors of the density (default 4)")
  int densityVectors;

  @Option(names = "--density-zero-tol", defaultValue = "0.01",
      description = "|lambda| <= this x largest |Ritz value| counts as zero (default 0.01)")
  double densityZeroTol;

  @Option(names = "--psi-eps", defaultValue = "0.05", paramLabel = "E",
      description = "plain ReLU chains (--model mlp..., small_cnn, small_cnn_nobn, vgg*; batch norm folded): PSI-flatness, the loss increase when every basis-path value moves by a"
          + " relative amount in [-E, E] (default 0.05; 0 = skip), and the max/min basis-path value ratio")
  double psiEps;

  @Option(names = "--psi-samples", defaultValue = "20", description = "perturbations drawn for PSI-flatness (default 20)")
  int psiSamples;

  @Option(names = "--limit", defaultValue = "1000", description = "training examples to use (seeded sample; default 1000)")
  int limit;

  @Option(names = "--batch-size", defaultValue = "250", description = "batch size of the passes (default 250)")
  int batchSize;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder (default: the one the run trained on)")
  Path data;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the sample, random vectors and directions")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default RUN/landscape)")
  Path out;

  @Override
  public Integer call() {
    RunCard card = RunCard.read(run);
    card.requireTask("vision", "landscape");
    if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
    if (batchSize < 1) throw new IllegalArgumentException("--batch-size must be >= 1, got " + batchSize);
    Sharpness.Method method = switch (sharpnessMethod) {
      case "lbfgsb" -> Sharpness.Method.LBFGSB;
      case "ascent" -> Sharpness.Method.ASCENT;
      default -> throw new IllegalArgumentException(
          "--sharpness-method must be lbfgsb or ascent, got '" + sharpnessMethod + "'");
    };
    int steps = sharpnessSteps != null ? sharpnessSteps : method == Sharpness.Method.LBFGSB ? 10 : 5;
    Landscape.Options o = new Landscape.Options(topK, iterations, tolerance, hutchinson, surface, points, radius,
        sharpnessEps, steps, method, sharpnessSubspace, perLayer, seed, densitySteps, densityVectors, densityZeroTol, psiEps, psiSamples);
    Path dir = out != null ? out : run.resolve("landscape");
    ImageDataset sample = ImageRunCard.trainSample(card, data, limit, seed);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("landscape of %s (%s) on %d training examples%n", run, card.string("model"), sample.size());
    w.flush();
    var model = ImageRunCard.model(card);
    Landscape.Result r = Landscape.analyse(model, run, ImageBatches.evaluation(sample, batchSize), 0, o);
    print(w, r);
    if (psiEps > 0 && r.psi() == null) w.printf("PSI-flatness: not measured (%s)%n", Landscape.psiUnsupported(model));
    LandscapeFiles.write(dir, r, card.string("model"));
    w.printf("wrote %s%n", dir);
    w.flush();
    return 0;
  }

  static void print(PrintWriter w, Landscape.Result r) {
    w.printf(Locale.ROOT, "loss %.5f over %d examples, %,d parameters%n", r.loss(), r.examples(), r.parameters());
    if (r.eigen() != null) {
      var e = r.eigen();
      for (int i = 0; i < e.values().length; i++)
        w.printf(Locale.ROOT, "lambda_%d %.5g  (%d products, %s tolerance %.0e)%n", i + 1, e.values()[i], e.iterations()[i],
            e.converged()[i] ? "reached" : "NOT reached", e.tolerance());
      w.printf(Locale.ROOT, "eigenvalues: %d Hessian-vector products in %.1f s%n", e.products(), e.seconds());
    }
    if (r.trace() != null)
      w.printf(Locale.ROOT, "trace %.5g +- %.2g (Hutchinson, %d samples, %.1f s)%n", r.trace().estimate(),
          r.trace().standardError(), r.trace().samples(), r.trace().seconds());
    if (r.line() != null) w.printf(Locale.ROOT, "1-D sharpness (max loss increase along the line) %.5g%n", r.line().maxIncrease());
    if (r.sharpness() != null) {
      Sharpness.Epsilon e = r.sharpness();
      w.printf(Locale.ROOT, "epsilon-sharpness (eps %.0e, %s%s, %d of %d %s, stopped on %s, %d passes) %.4g%%%n", e.eps(),
          e.method().cliName(), e.subspace() == 0 ? "" : " in a random " + e.subspace() + "-dim subspace",
          e.iterations(), e.steps(), e.method() == Sharpness.Method.LBFGSB ? "iterations" : "steps",
          e.stop().name().toLowerCase(Locale.ROOT), e.passes(), e.sharpness());
      if (e.stoppedAtStart())
        w.printf("note: L-BFGS-B stopped at iteration 0: the projected gradient at the trained weights is already"
            + " below its absolute tolerance 1e-5, so the 0%% is the stopping rule, not a search of the box; try"
            + " --sharpness-method ascent (more --sharpness-steps tighten it) or a larger --sharpness-eps%n");
    }
    if (r.angleDegrees() != null) w.printf(Locale.ROOT, "angle(gradient, top eigenvector) %.2f degrees%n", r.angleDegrees());
    if (r.perLayer() != null)
      r.perLayer().forEach((k, v) -> w.printf(Locale.ROOT, "  %-40s lambda_max %10.4g  trace %10.4g%n", k, v[0], v[1]));
    if (r.density() != null) {
      var d = r.density();
      w.printf(Locale.ROOT, "eigenvalue density (SLQ, %d steps x %d vectors, %d products, %.1f s): Ritz values in [%.4g, %.4g],"
          + " fraction within %.2g of zero %.4f, negative mass %.4f%n", d.quadrature().steps(), d.quadrature().vectors(),
          d.quadrature().products(), d.quadrature().seconds(), d.quadrature().min(), d.quadrature().max(),
          d.zeroTolerance(), d.zeroFraction(), d.negativeMass());
    }
    if (r.psi() != null) {
      var p = r.psi();
      w.printf(Locale.ROOT, "basis paths %,d (%d of value 0): |value| in [%.4g, %.4g], max/min ratio %.4g%n", p.paths(),
          p.zeroPaths(), p.minAbsValue(), p.maxAbsValue(), p.ratio());
      w.printf(Locale.ROOT, "PSI-flatness (relative eps %.3g in basis-path space, %d samples): max loss increase %.5g,"
          + " mean %.5g (%.1f s)%n", p.eps(), p.samples(), p.maxIncrease(), p.meanIncrease(), p.seconds());
    }
    w.printf(Locale.ROOT, "total %.1f s%n", r.seconds());
  }

  /** The files of one landscape: landscape.json, surface CSV and PNG. */
  static final class LandscapeFiles {
    private LandscapeFiles() {}

    static void write(Path dir, Landscape.Result r, String model) {
      RunFolder.writeJson(dir.resolve("landscape.json"), r.toMap());
      if (r.line() != null) {
        r.line().writeCsv(dir.resolve("surface-1d.csv"));
        LinkedHashMap<String, Plots.Curve> c = new LinkedHashMap<>();
        c.put(model, new Plots.Curve(r.line().alphas(), r.line().losses()));
        Plots.write(dir.resolve("surface-1d.png"), "loss along a filter-normalised direction", "alpha", "loss", c);
      }
      if (r.density() != null) {
        var d = r.density();
        StringBuilder csv = new StringBuilder("eigenvalue,density\n");
        for (int i = 0; i < d.grid().length; i++) csv.append(d.grid()[i]).append(',').append(d.values()[i]).append('\n');
        try {
          java.nio.file.Files.writeString(dir.resolve("density.csv"), csv);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException("cannot write " + dir.resolve("density.csv") + ": " + e.getMessage(), e);
        }
        LinkedHashMap<String, Plots.Curve> c = new LinkedHashMap<>();
        // log scale as in Ghorbani et al.: the bulk near zero would hide the outliers on a linear axis
        double[] log = new double[d.values().length];
        for (int i = 0; i < log.length; i++) log[i] = Math.log10(Math.max(d.values()[i], 1e-8));
        c.put(model, new Plots.Curve(d.grid(), log));
        Plots.write(dir.resolve("density.png"), String.format(Locale.ROOT,
            "Hessian eigenvalue density (SLQ, Gaussian sigma %.2g, floor 1e-8)", d.sigma()), "eigenvalue",
            "log10 density", c);
      }
      if (r.plane() != null) {
        r.plane().writeCsv(dir.resolve("surface-2d.csv"));
        Plots.heatMap(dir.resolve("surface-2d.png"), "loss on a filter-normalised plane", "alpha", "beta",
            r.plane().alphas(), r.plane().betas(), r.plane().losses());
      }
    }
  }

}
