package io.github.llr4j.examples.cli;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.examples.tasks.Landscape;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.examples.tasks.VisionTask;
import io.github.llr4j.vision.data.ImageBatches;
import io.github.llr4j.vision.data.ImageDataset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j compare}: the same data, budget and seeds for several training methods (plain
 * cross-entropy, the paper's sech reshaping, flooding, SAM, ASAM), then the flatness of every
 * trained model. One table (mean and sample standard deviation over seeds of the final test
 * accuracy, median ms per step, forward-backward passes per step, lambda_max, Hessian trace and
 * 1-D sharpness at the end) and one PNG with every method's mean 1-D loss surface.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train several methods (plain, sech, flooding, sam, asam) with the same data, budget and seeds,",
        "then compare test accuracy, cost and flatness (lambda_max, trace, 1-D surface) in one table and one PNG."})
public final class CompareCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--dataset", defaultValue = "fashion-mnist", description = "data set (default fashion-mnist)")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "data set folder")
  Path data;

  @Option(names = "--model", defaultValue = "resnet20", description = "vision model (default resnet20)")
  String model;

  @Option(names = "--methods", defaultValue = "plain,sech,flooding,sam",
      description = "comma-separated: plain, sech (a 2.5, b 0.15, L0 evaluated), flooding (--flood), sam, asam (--rho)")
  String methods;

  @Option(names = "--epochs", required = true, description = "epochs per run")
  int epochs;

  @Option(names = "--seeds", defaultValue = "3", description = "seeds 1..N per method (default 3)")
  int seeds;

  @Option(names = "--limit-train", defaultValue = "0", description = "train on N random examples (0 = all)")
  int limitTrain;

  @Option(names = "--limit-test", defaultValue = "0", description = "test on N random examples (0 = all)")
  int limitTest;

  @Option(names = "--batch-size", defaultValue = "128", description = "batch size (default 128)")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.1", description = "peak learning rate of momentum SGD, cosine per epoch (default 0.1)")
  double lr;

  @Option(names = "--rho", defaultValue = "0.1", description = "SAM radius (default 0.1, spec for 10 classes; ASAM uses 10 x rho)")
  double rho;

  @Option(names = "--flood", defaultValue = "0.1", description = "flooding level b on the plain loss (default 0.1)")
  double flood;

  @Option(names = "--diag-examples", defaultValue = "512", description = "training examples for the flatness measures (default 512)")
  int diagExamples;

  @Option(names = "--iterations", defaultValue = "20", description = "power-iteration budget (default 20)")
  int iterations;

  @Option(names = "--hutchinson", defaultValue = "10", description = "trace samples (default 10)")
  int hutchinson;

  @Option(names = "--points", defaultValue = "21", description = "points of the 1-D surface (default 21)")
  int points;

  @Option(names = "--radius", defaultValue = "1.0", description = "half-width of the 1-D surface (default 1)")
  double radius;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/compare)")
  Path out = Path.of("runs", "compare");

  @Mixin TensorBoardOption tensorboard;

  @Option(names = "--resume",
      description = "keep the finished runs in --out (summary.json), continue interrupted ones from their checkpoints")
  boolean resume;

  /** One finished run: the trainer's result and its landscape. */
  record RunResult(Trainer.Result training, Landscape.Result landscape) {}

  @Override
  public Integer call() {
    List<String> names = Args.names("--methods", methods);
    for (String n : names) objective(n); // validate all before training anything
    if (epochs < 1) throw new IllegalArgumentException("--epochs must be >= 1, got " + epochs);
    if (seeds < 1) throw new IllegalArgumentException("--seeds must be >= 1, got " + seeds);
    if (diagExamples < 1) throw new IllegalArgumentException("--diag-examples must be >= 1, got " + diagExamples);
    PrintWriter w = spec.commandLine().getOut();
    Landscape.Options o = new Landscape.Options(1, iterations, 1e-3, hutchinson, "1d", points, radius, 0, 1, false, 0);
    Map<String, List<RunResult>> results = new LinkedHashMap<>();
    ImageDataset diagSet = null;
    for (String method : names) {
      for (int seed = 1; seed <= seeds; seed++) {
        VisionTask.Settings settings = new VisionTask.Settings(dataset, data, model, batchSize, seed, 0, limitTrain,
            limitTest, true, false, 4);
        Path dir = out.resolve(method).resolve("s" + seed);
        w.printf("%n== %s, seed %d: %s, %d epochs ==%n", method, seed, model, epochs);
        w.flush();
        Trainer.Result tr = resume ? finished(dir) : null;
        if (tr == null) {
          boolean started = resume && java.nio.file.Files.exists(dir.resolve("checkpoint"));
          VisionTask.RunPlan plan = new VisionTask.RunPlan(objective(method), optimizer(method), epochs, dir, started,
              0, 50, tensorboard.customizer(dir.resolve("tensorboard"), method + "/s" + seed));
          tr = VisionTask.train(settings, plan, w);
        } else {
          w.printf("already trained (%s/summary.json)%n", dir);
        }
        RunCard card = RunCard.read(dir);
        // the same training sample for every method and seed
        if (diagSet == null) diagSet = VisionTask.trainSample(card, data, diagExamples, 0);
        Landscape.Result lr0 = Landscape.analyse(VisionTask.model(card), dir,
            ImageBatches.evaluation(diagSet, 128), 0, o);
        LandscapeCommand.LandscapeFiles.write(dir.resolve("landscape"), lr0, model);
        w.printf(Locale.ROOT, "flatness: lambda_max %.4g, trace %.4g, 1-D sharpness %.4g (%.0f s)%n", lr0.eigen().top(),
            lr0.trace().estimate(), lr0.line().maxIncrease(), lr0.seconds());
        w.flush();
        results.computeIfAbsent(method, k -> new ArrayList<>()).add(new RunResult(tr, lr0));
      }
    }
    String table = table(results);
    w.println();
    w.print(table);
    try {
      java.nio.file.Files.createDirectories(out);
      java.nio.file.Files.writeString(out.resolve("compare.txt"), table);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write " + out.resolve("compare.txt"), e);
    }
    RunFolder.writeJson(out.resolve("compare.json"), summary(results));
    LinkedHashMap<String, Plots.Curve> curves = new LinkedHashMap<>();
    results.forEach((m, rs) -> curves.put(m, meanLine(rs)));
    Plots.write(out.resolve("surfaces-1d.png"), model + " on " + dataset + ": loss along a filter-normalised direction"
        + " (mean of " + seeds + " seeds)", "alpha", "training loss (inference mode)", curves);
    w.printf("%nwrote %s/compare.txt, compare.json and surfaces-1d.png; runs in %s/<method>/s<seed>%n", out, out);
    w.flush();
    return 0;
  }

  /** The result of a run that completed all its epochs, read back from its summary.json; else null. */
  private Trainer.Result finished(Path dir) {
    Path f = dir.resolve("summary.json");
    if (!java.nio.file.Files.isRegularFile(f)) return null;
    try {
      com.fasterxml.jackson.databind.JsonNode j = RunFolder.JSON.readTree(f.toFile());
      if (j.get("epochs_completed").asInt() < epochs) return null;
      Map<String, Object> last = RunFolder.JSON.convertValue(j.get("final"),
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
      return new Trainer.Result(j.get("epochs_completed").asInt(), j.get("steps").asLong(),
          j.path("initial_loss").asDouble(Double.NaN), last, Map.of(), j.get("ms_per_step_median").asDouble());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + f, e);
    }
  }

  private ReshapedObjective objective(String method) {
    return switch (method) {
      case "plain", "sam", "asam" -> ReshapedObjective.plain();
      case "sech" -> ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.evaluated(20)).build();
      case "flooding" -> ReshapedObjective.builder(Reshapers.flooding(flood)).initialLoss(InitialLoss.none()).build();
      default -> throw new IllegalArgumentException("--methods entries must be plain, sech, flooding, sam or asam, got '"
          + method + "'");
    };
  }

  private LongFunction<Optimizer> optimizer(String method) {
    if (!(lr > 0)) throw new IllegalArgumentException("--lr must be > 0, got " + lr);
    if (!(rho > 0)) throw new IllegalArgumentException("--rho must be > 0, got " + rho);
    return steps -> {
      Sgd base = Sgd.momentum(Schedule.cosinePerEpoch(lr, 0), 0.9, 5e-4);
      return switch (method) {
        case "sam" -> Sam.sam(base, rho);
        case "asam" -> new Sam(base, Hyperparameter.constant(10 * rho), true, 0.01, 1);
        default -> base;
      };
    };
  }

  private static Plots.Curve meanLine(List<RunResult> rs) {
    double[] x = rs.get(0).landscape().line().alphas();
    double[] y = new double[x.length];
    for (RunResult r : rs) for (int i = 0; i < x.length; i++) y[i] += r.landscape().line().losses()[i] / rs.size();
    return new Plots.Curve(x, y);
  }

  /** mean and sample standard deviation (0 for one value). */
  static double[] meanStd(List<Double> v) {
    double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return new double[] {m, v.size() < 2 ? 0 : Math.sqrt(ss / (v.size() - 1))};
  }

  private interface Metric { double of(RunResult r); }

  private static final Map<String, Metric> METRICS = new LinkedHashMap<>();
  static {
    METRICS.put("test_accuracy", r -> (Double) r.training().finalMetrics().get("test_accuracy"));
    METRICS.put("ms_per_step", r -> r.training().msPerStepMedian());
    METRICS.put("passes_per_step", r -> ((Number) r.training().finalMetrics().get("passes_per_step")).doubleValue());
    METRICS.put("lambda_max", r -> r.landscape().eigen().top());
    METRICS.put("hessian_trace", r -> r.landscape().trace().estimate());
    METRICS.put("sharpness_1d", r -> r.landscape().line().maxIncrease());
    METRICS.put("train_loss", r -> r.landscape().loss());
  }

  static String table(Map<String, List<RunResult>> results) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %6s", "method", "seeds"));
    for (String k : METRICS.keySet()) b.append(String.format(Locale.ROOT, " %22s", k));
    b.append('\n');
    results.forEach((m, rs) -> {
      b.append(String.format(Locale.ROOT, "%-10s %6d", m, rs.size()));
      for (Metric f : METRICS.values()) {
        List<Double> v = new ArrayList<>();
        for (RunResult r : rs) v.add(f.of(r));
        double[] ms = meanStd(v);
        b.append(String.format(Locale.ROOT, " %22s", String.format(Locale.ROOT, "%.4g +- %.2g", ms[0], ms[1])));
      }
      b.append('\n');
    });
    b.append("mean +- sample standard deviation over seeds; test_accuracy final; ms_per_step median; lambda_max, trace,\n"
        + "sharpness_1d and train_loss of the final model, plain loss in inference mode on the same training sample.\n");
    return b.toString();
  }

  private static Map<String, Object> summary(Map<String, List<RunResult>> results) {
    Map<String, Object> out = new LinkedHashMap<>();
    results.forEach((m, rs) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      METRICS.forEach((k, f) -> {
        List<Double> v = new ArrayList<>();
        for (RunResult r : rs) v.add(f.of(r));
        double[] ms = meanStd(v);
        one.put(k, Map.of("mean", ms[0], "std", ms[1], "values", v));
      });
      out.put(m, one);
    });
    return out;
  }
}
