package io.github.llr4j.examples.cli;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.curve.BezierCurve;
import io.github.llr4j.core.diag.curve.CurveEnsemble;
import io.github.llr4j.core.diag.curve.ModeConnectivity;
import io.github.llr4j.core.diag.curve.ScaleAlignment;
import io.github.llr4j.core.diag.psi.FoldedNetwork;
import io.github.llr4j.core.diag.psi.ReluNetLayout;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.Evaluator;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.vision.data.ImageBatches;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j connect RUN_A RUN_B}: mode connectivity between two vision runs of the same model
 * (core {@code diag.curve}): a quadratic Bezier curve trained between their weights, the training
 * loss and test accuracy along it and along the straight line; optionally run B first rescaled,
 * as the same function, onto run A's unit norms or to its rescaling nearest run A ({@code --align
 * norms|nearest}), and the accuracy of the ensemble of K points on the curve ({@code --ensemble K}).
 */
@Command(name = "connect", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Mode connectivity (Garipov et al. 2018): train a quadratic Bezier curve between two runs of the same",
        "model and report the loss and accuracy along it and along the straight line (connect.json/.csv/.png)."})
public final class ConnectCommand implements Callable<Integer> {

  /** Coordinate-descent sweeps of --align nearest (it stops earlier once a sweep gains < 1e-12). */
  private static final int NEAREST_SWEEPS = 200;

  @Spec CommandSpec spec;

  @Parameters(arity = "2", paramLabel = "RUN", description = "two run folders of llr4j train (same model and data)")
  List<Path> runs;

  @Option(names = "--steps", defaultValue = "500", description = "SGD steps on the curve's control point (default 500)")
  int steps;

  @Option(names = "--lr", defaultValue = "0.05", description = "learning rate of the control point (default 0.05)")
  double lr;

  @Option(names = "--points", defaultValue = "21", description = "points along the curve and the line (default 21)")
  int points;

  @Option(names = "--limit", defaultValue = "1000", description = "training examples for fitting and the loss (default 1000)")
  int limit;

  @Option(names = "--limit-test", defaultValue = "1000", description = "test examples for the accuracy (default 1000)")
  int limitTest;

  @Option(names = "--batch-size", defaultValue = "100", description = "batch size of the fitting steps and passes (default 100)")
  int batchSize;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder (default: the one the runs trained on)")
  Path data;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the samples and of t")
  long seed;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default RUN_A/connect)")
  Path out;

  // off by default: the raw end points are what Garipov et al. connect, and the straight-line
  // barrier between them is the number earlier connect runs reported; the aligned B is the same
  // function at another point of its scale orbit, so turning it on changes the paths, not the ends
  // (measured on Fashion-MNIST MLPs, README: neither alignment lowered the barriers much)
  @Option(names = "--align", arity = "0..1", paramLabel = "norms|nearest", fallbackValue = "norms", description = {
      "first rescale each hidden unit of RUN_B (incoming weights and bias by c > 0, outgoing by 1/c: the same function,",
      "ReLU MLPs only): norms (the default with --align) matches each unit's incoming norm to RUN_A's, nearest takes",
      "the rescaling of RUN_B closest to RUN_A; without --align: none"})
  String align;

  @Option(names = "--ensemble", paramLabel = "K", defaultValue = "0", description = {"also the test accuracy of the softmax mean",
      "of K >= 2 evenly spaced points on the trained curve (ends included), against each end and the two ends (default 0: none)"})
  int ensemble;

  @Override
  public Integer call() {
    if (limit < 1 || limitTest < 1 || batchSize < 1)
      throw new IllegalArgumentException("--limit, --limit-test and --batch-size must be >= 1, got " + limit + ", "
          + limitTest + ", " + batchSize);
    if (points < 2) throw new IllegalArgumentException("--points must be >= 2, got " + points);
    if (align != null && !align.equals("norms") && !align.equals("nearest"))
      throw new IllegalArgumentException("--align must be norms or nearest (or absent: no alignment), got '" + align
          + "' (a bare --align before the two runs takes RUN_A as its value: put it after them, or give its value)");
    if (ensemble != 0 && ensemble < 2)
      throw new IllegalArgumentException("--ensemble must be 0 (none) or >= 2 (points on the curve, ends included), got "
          + ensemble);
    RunCard a = RunCard.read(runs.get(0)).requireTask("vision", "connect");
    RunCard b = RunCard.read(runs.get(1)).requireTask("vision", "connect");
    if (!a.string("model").equals(b.string("model")) || !a.strings("classes").equals(b.strings("classes"))
        || ImageRunCard.inputShape(a).size() != ImageRunCard.inputShape(b).size())
      throw new IllegalArgumentException("connect needs two runs of the same model on the same classes and image size, got "
          + a.string("model") + " and " + b.string("model"));
    ModelSpec modelSpec = ImageRunCard.model(a);
    PrintWriter w = spec.commandLine().getOut();
    var trainBatches = ImageBatches.evaluation(ImageRunCard.trainSample(a, data, limit, seed), batchSize);
    List<Batch> train = take(trainBatches);
    var test = ImageBatches.evaluation(ImageRunCard.testSet(a, data, limitTest, seed), batchSize);
    List<Batch> testList = ensemble > 0 ? take(test) : List.of();
    Path dir = out != null ? out : runs.get(0).resolve("connect");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model model = modelSpec.build(tf.withSubScope("model"), 0);
      if (!model.stateVariables().isEmpty())
        throw new IllegalArgumentException("connect needs a model without batch norm (" + a.string("model") + " has "
            + model.stateVariables().size() + " statistics variables, whose values between the two runs connect does"
            + " not recompute): use e.g. --model mlp");
      LossProbe probe = new LossProbe(tf, "diag", model, new CrossEntropyLoss(modelSpec.classes()), trainBatches.inputType(),
          trainBatches.exampleShape(), false);
      Evaluator eval = new Evaluator(tf, model, new CrossEntropyLoss(modelSpec.classes()), trainBatches.inputType(),
          trainBatches.exampleShape());
      ReluNetLayout layout = align != null ? mlpLayout(probe, a.string("model")) : null;
      CurveEnsemble ens = ensemble > 0
          ? new CurveEnsemble(tf, model, trainBatches.inputType(), trainBatches.exampleShape()) : null;
      try (Session s = new Session(g)) {
        Checkpoints.restoreVariables(s, Checkpoints.resolve(runs.get(1)));
        double[] w2 = probe.weights(s);
        Checkpoints.restoreVariables(s, Checkpoints.resolve(runs.get(0)));
        double[] w1 = probe.weights(s);
        Map<String, Object> alignment = null;
        if (layout != null) {
          double before = ScaleAlignment.distance(w1, w2);
          boolean norms = align.equals("norms");
          ScaleAlignment.Aligned al = norms ? ScaleAlignment.align(layout, w1, w2)
              : ScaleAlignment.closest(layout, w1, w2, NEAREST_SWEEPS);
          w2 = al.weights();
          double after = ScaleAlignment.distance(w1, w2);
          alignment = alignment(align, al, before, after);
          w.printf(Locale.ROOT, "aligned RUN_B %s (same function): factors %.4g to %.4g, %d units"
              + " unmatched; distance between the end points %.4f -> %.4f%n",
              norms ? "to RUN_A's unit norms" : "to its rescaling nearest RUN_A", al.minScale(), al.maxScale(),
              al.unmatched(), before, after);
        }
        long t0 = System.nanoTime();
        BezierCurve curve = ModeConnectivity.fit(probe, s, train, w1, w2, steps, lr, seed);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        ModeConnectivity.Profile p = ModeConnectivity.profile(probe, s, train, curve, points,
            session -> eval.evaluate(session, test, 0).accuracy());
        print(w, p, fitSeconds);
        CurveEnsemble.Accuracies e = ens == null ? null : ens.evaluate(probe, s, curve, ensemble, testList);
        if (e != null)
          w.printf(Locale.ROOT, "test accuracy on %d examples: run A %.4f, run B %.4f, ensemble of A and B %.4f,"
              + " ensemble of %d points on the curve %.4f%n", e.examples(), e.accuracyA(), e.accuracyB(),
              e.endpointsEnsembleAccuracy(), ensemble, e.curveEnsembleAccuracy());
        write(dir, p, fitSeconds, alignment, e);
      }
    } finally {
      train.forEach(Batch::close);
      testList.forEach(Batch::close);
    }
    w.printf("wrote %s%n", dir);
    w.flush();
    return 0;
  }

  /** The MLP layout the alignment needs, or the reason the model is not one. */
  private static ReluNetLayout mlpLayout(LossProbe probe, String model) {
    try {
      ReluNetLayout layout = FoldedNetwork.of(probe.layout()).folded();
      ScaleAlignment.requireMlp(layout);
      return layout;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--align needs a ReLU MLP (--model mlp or mlp_<h1>[_<h2>...]), got " + model
          + ": " + e.getMessage(), e);
    }
  }

  private static Map<String, Object> alignment(String method, ScaleAlignment.Aligned al, double before, double after) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("min_scale", al.minScale());
    m.put("max_scale", al.maxScale());
    m.put("unmatched_units", al.unmatched());
    m.put("endpoint_distance_before", before);
    m.put("endpoint_distance_after", after);
    return m;
  }

  private static List<Batch> take(io.github.llr4j.core.data.Batches b) {
    List<Batch> out = new ArrayList<>();
    for (Iterator<Batch> it = b.epoch(0); it.hasNext(); ) out.add(it.next());
    return out;
  }

  private void print(PrintWriter w, ModeConnectivity.Profile p, double fitSeconds) {
    w.printf(Locale.ROOT, "curve fitted in %d steps (%.1f s)%n%6s %12s %12s %12s %12s%n", steps, fitSeconds, "t",
        "curve loss", "line loss", "curve acc", "line acc");
    for (int i = 0; i < p.ts().length; i++)
      w.printf(Locale.ROOT, "%6.3f %12.5f %12.5f %12.4f %12.4f%n", p.ts()[i], p.curveLosses()[i], p.lineLosses()[i],
          p.curveMetric()[i], p.lineMetric()[i]);
    w.printf(Locale.ROOT, "loss barrier (max along the path minus the larger end): curve %.5f, line %.5f%n",
        p.curveBarrier(), p.lineBarrier());
  }

  private void write(Path dir, ModeConnectivity.Profile p, double fitSeconds, Map<String, Object> alignment,
      CurveEnsemble.Accuracies e) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("runs", List.of(runs.get(0).toString(), runs.get(1).toString()));
    j.put("steps", steps);
    j.put("lr", lr);
    j.put("fit_seconds", fitSeconds);
    j.put("t", p.ts());
    j.put("curve_loss", p.curveLosses());
    j.put("line_loss", p.lineLosses());
    j.put("curve_test_accuracy", p.curveMetric());
    j.put("line_test_accuracy", p.lineMetric());
    j.put("curve_barrier", p.curveBarrier());
    j.put("line_barrier", p.lineBarrier());
    j.put("aligned", alignment != null);
    if (alignment != null) j.put("alignment", alignment);
    if (e != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("points", e.ts().length);
      m.put("examples", e.examples());
      m.put("t", e.ts());
      m.put("point_test_accuracy", e.pointAccuracies());
      m.put("accuracy_a", e.accuracyA());
      m.put("accuracy_b", e.accuracyB());
      m.put("endpoints_ensemble_accuracy", e.endpointsEnsembleAccuracy());
      m.put("curve_ensemble_accuracy", e.curveEnsembleAccuracy());
      j.put("ensemble", m);
    }
    RunFolder.writeJson(dir.resolve("connect.json"), j);
    StringBuilder csv = new StringBuilder("t,curve_loss,line_loss,curve_test_accuracy,line_test_accuracy\n");
    for (int i = 0; i < p.ts().length; i++)
      csv.append(p.ts()[i]).append(',').append(p.curveLosses()[i]).append(',').append(p.lineLosses()[i]).append(',')
          .append(p.curveMetric()[i]).append(',').append(p.lineMetric()[i]).append('\n');
    RunFolder.read(dir).writeText("connect.csv", csv.toString());
    LinkedHashMap<String, Plots.Curve> c = new LinkedHashMap<>();
    c.put("Bezier curve", new Plots.Curve(p.ts(), p.curveLosses()));
    c.put("straight line", new Plots.Curve(p.ts(), p.lineLosses()));
    Plots.write(dir.resolve("connect.png"), "training loss between two runs", "t", "loss (inference mode)", c);
  }
}
