package io.github.llr4j.examples.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llr4j.adversarial.attack.ApgdCe;
import io.github.llr4j.adversarial.attack.Attack;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.core.train.tensorboard.EventWriter;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleFunction;
import org.tensorflow.ndarray.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j attack}: clean and robust accuracy of a trained vision run on its test set, for
 * every eps in one call (the model in inference mode, pixels in [0, 1]), or its accuracy under
 * input noise.
 */
@Command(name = "attack", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Robust accuracy of a trained vision run under FGSM, PGD (Linf/L2) or APGD-CE,",
        "for several eps at once; or accuracy under input noise (--noise)."})
public final class AttackCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN", description = "run folder of llr4j train")
  Path run;

  @Option(names = "--attack", defaultValue = "pgd", description = "fgsm, pgd (Linf), pgd-l2, apgd-ce (default pgd)")
  String attack;

  @Option(names = "--eps", paramLabel = "e1,e2,..", description = "radii, e.g. 0,0.05,0.1 (Linf: in pixel units)")
  String eps;

  @Option(names = "--steps", defaultValue = "20", description = "iterations (default 20; fgsm: 1)")
  int steps;

  @Option(names = "--step-size", paramLabel = "A",
      description = "PGD step (default 2.5 eps / steps, Madry's rule; APGD needs none)")
  Double stepSize;

  @Option(names = "--restarts", defaultValue = "1", description = "random restarts (default 1)")
  int restarts;

  @Option(names = "--limit", defaultValue = "1000", description = "test examples to attack (default 1000; 0 = all)")
  int limit;

  @Option(names = "--noise", description = "instead of attacks: shift, gaussian, uniform (m U[-1, 1]) or uniform-ref"
      + " (the reference's m U[0, 1), m may be negative) noise")
  String noise;

  @Option(names = "--magnitudes", paramLabel = "m1,m2,..", description = "noise magnitudes (shift c, sigma, half-width)")
  String magnitudes;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder (default: the one the run trained on)")
  Path data;

  @Option(names = "--seed", defaultValue = "1", description = "seed of random starts and the test sample")
  long seed;

  @Option(names = "--json", description = "one JSON object per line")
  boolean json;

  @Mixin TensorBoardOption tensorboard;

  @Override
  public Integer call() {
    RunCard card = RunCard.read(run);
    card.requireTask("vision", "attack");
    Require.atLeast("--limit", limit, 0);
    Shape shape = ImageRunCard.inputShape(card);
    // every flag is checked before the test set and the model are loaded
    List<Double> radii = null;
    DoubleFunction<Attack> make = null;
    List<Double> levels = null;
    if (noise == null) {
      if (eps == null) throw new IllegalArgumentException("give --eps e1,e2,... (or --noise KIND --magnitudes ...)");
      radii = Args.numbers("--eps", eps);
      checkRadii(radii, shape.size());
      make = attackFor();
    } else {
      levels = noiseMagnitudes();
    }
    ImageDataset test = ImageRunCard.testSet(card, data, limit, seed);
    PrintWriter out = spec.commandLine().getOut();
    try (RobustnessEvaluator ev = RobustnessEvaluator.fromCheckpoint(ImageRunCard.model(card), shape, run)) {
      var batches = ImageBatches.evaluation(test, 250);
      if (noise != null) return noise(ev, batches, levels, out);
      // the largest radius names the attack; eps 0 alone is clean accuracy (no attack is built for it)
      double top = radii.stream().mapToDouble(Double::doubleValue).max().orElse(0);
      if (!json) out.printf("%s on %d test examples of %s (%s)%n",
          top > 0 ? make.apply(top).describe() : "--attack " + attack + " at eps 0 (clean accuracy)",
          test.size(), card.string("dataset"), run);
      out.flush();
      var points = ev.evaluate(batches, radii, make, 0, seed);
      curve(tensorboard.resolve(run.resolve("tensorboard").resolve("attack-" + attack), "attack-" + attack),
          "--attack " + attack + ", " + steps + " steps, " + restarts + " restarts, on " + test.size() + " test examples",
          points);
      if (!json) out.printf("%8s %15s %16s %10s%n", "eps", "clean accuracy", "robust accuracy", "seconds");
      for (var p : points) {
        if (json) {
          ObjectNode o = RunFolder.JSON.createObjectNode().put("eps", p.eps()).put("clean_accuracy", p.cleanAccuracy())
              .put("robust_accuracy", p.robustAccuracy()).put("examples", p.examples()).put("attack", attack);
          out.println(o.toString());
        } else {
          out.printf(Locale.ROOT, "%8.4f %15.4f %16.4f %10.1f%n", p.eps(), p.cleanAccuracy(), p.robustAccuracy(), p.seconds());
        }
      }
    }
    out.flush();
    return 0;
  }

  /**
   * The robust-accuracy curve as TensorBoard scalars {@code robust_accuracy}, {@code
   * clean_accuracy} and {@code eps} with step = the eps's index in {@code --eps} (TensorBoard's x
   * axis is an integer step), plus a text table of the points. A session start at step 0 first:
   * TensorBoard then shows only the latest call's curve in this folder.
   */
  private static void curve(Path dir, String title, List<RobustnessEvaluator.Point> points) {
    if (dir == null) return;
    StringBuilder table = new StringBuilder(title).append("\n\n| step | eps | clean accuracy | robust accuracy |\n|---|---|---|---|\n");
    try (EventWriter w = new EventWriter(dir)) {
      w.sessionStart(0);
      for (int i = 0; i < points.size(); i++) {
        var p = points.get(i);
        w.scalar("robust_accuracy", i, p.robustAccuracy());
        w.scalar("clean_accuracy", i, p.cleanAccuracy());
        w.scalar("eps", i, p.eps());
        table.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %.4f |\n", i, p.eps(), p.cleanAccuracy(), p.robustAccuracy()));
      }
      w.text("attack", 0, table.toString());
    }
  }

  private DoubleFunction<Attack> attackFor() {
    Require.atLeast("--steps", steps, 1);
    Require.atLeast("--restarts", restarts, 1);
    return switch (attack) {
      case "fgsm" -> Pgd::fgsm;
      case "pgd" -> e -> new Pgd(Norm.LINF, e, step(e), steps, restarts, true, false, Box.UNIT);
      case "pgd-l2" -> e -> new Pgd(Norm.L2, e, step(e), steps, restarts, true, false, Box.UNIT);
      case "apgd-ce" -> e -> new ApgdCe(e, Math.max(steps, 2), restarts, Box.UNIT);
      default -> throw new IllegalArgumentException("--attack must be fgsm, pgd, pgd-l2 or apgd-ce, got '" + attack + "'");
    };
  }

  /**
   * Every radius within the [0, 1] pixel box's diameter: 1 for Linf, sqrt(pixels) for pgd-l2
   * (larger radii reach every image: a radius meant for [0, 255] pixels, say).
   */
  private void checkRadii(List<Double> radii, long pixels) {
    Norm norm = attack.equals("pgd-l2") ? Norm.L2 : Norm.LINF;
    double max = Box.UNIT.maxRadius(norm, pixels);
    for (double e : radii) {
      if (!(e >= 0 && e <= max))
        throw new IllegalArgumentException(String.format(Locale.ROOT, "--eps values must be in [0, %s] for --attack %s"
            + " on [0, 1] pixels (%s), got %s", norm == Norm.LINF ? "1" : String.valueOf(Math.floor(max * 100) / 100), attack,
            norm == Norm.LINF ? "an Linf radius of 1 already reaches every image"
                : "sqrt(" + pixels + " values), the distance between a black and a white image", e));
    }
  }

  /** Never called for eps 0: the evaluator reports clean accuracy there without attacking. */
  private double step(double e) {
    return stepSize != null ? stepSize : 2.5 * e / steps;
  }

  private RobustnessEvaluator.Noise noiseKind() {
    return switch (noise) {
      case "shift" -> RobustnessEvaluator.Noise.SHIFT;
      case "gaussian" -> RobustnessEvaluator.Noise.GAUSSIAN;
      case "uniform" -> RobustnessEvaluator.Noise.UNIFORM;
      case "uniform-ref" -> RobustnessEvaluator.Noise.UNIFORM_REF;
      default -> throw new IllegalArgumentException(
          "--noise must be shift, gaussian, uniform or uniform-ref, got '" + noise + "'");
    };
  }

  /** The magnitudes, checked with the kind: finite; sigma and half-width >= 0 (a shift and uniform-ref may be negative). */
  private List<Double> noiseMagnitudes() {
    RobustnessEvaluator.Noise kind = noiseKind();
    if (magnitudes == null) throw new IllegalArgumentException("--noise needs --magnitudes m1,m2,...");
    List<Double> m = Args.numbers("--magnitudes", magnitudes);
    for (double v : m)
      if (kind != RobustnessEvaluator.Noise.SHIFT && kind != RobustnessEvaluator.Noise.UNIFORM_REF && v < 0)
        throw new IllegalArgumentException("--magnitudes of --noise " + noise + " must be >= 0 (a "
            + (kind == RobustnessEvaluator.Noise.GAUSSIAN ? "standard deviation" : "half-width") + "), got " + v);
    return m;
  }

  private Integer noise(RobustnessEvaluator ev, io.github.llr4j.core.data.Batches batches, List<Double> levels,
      PrintWriter out) {
    RobustnessEvaluator.Noise kind = noiseKind();
    for (var p : ev.noise(batches, kind, levels, Box.UNIT, 0, seed)) {
      if (json) out.println(RunFolder.JSON.createObjectNode().put("noise", noise).put("magnitude", p.magnitude())
          .put("accuracy", p.accuracy()).put("examples", p.examples()).toString());
      else out.printf(Locale.ROOT, "%s %.4f: accuracy %.4f (%d examples)%n", noise, p.magnitude(), p.accuracy(), p.examples());
    }
    out.flush();
    return 0;
  }
}
