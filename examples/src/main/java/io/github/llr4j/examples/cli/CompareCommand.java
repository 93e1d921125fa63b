package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapeSchedule;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.examples.tasks.Landscape;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.task.OptimizerFactory;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.vision.task.ImageClassification;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.vision.task.ImageSettings;
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
      description = {"comma-separated: plain, sech (a 2.5, b 0.15, L0 over the whole training set, as the reference),",
          "sech-last (the same, in the last third of the epochs only), flooding (--flood), sam, asam (--rho)"})
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

  @Option(names = "--psi-eps", defaultValue = "0.05", paramLabel = "E",
      description = "plain ReLU chains (--model mlp..., small_cnn[_nobn], vgg*): relative radius of PSI-flatness in basis-path space (default 0.05; 0 = skip)")
  double psiEps;

  @Option(names = "--out", paramLabel = "DIR", description = "output folder (default runs/compare)")
  Path out = Path.of("runs", "compare");

  @Mixin PrecisionOption precision;
  @Mixin TensorBoardOption tensorboard;

  @Option(names = "--resume",
      description = {"keep the finished runs in --out (compare-row.json: without checkpoints; summary.json: analysed again),",
          "continue interrupted ones from their checkpoints"})
  boolean resume;

  @Mixin ClusterOptions cluster;

  /** The training sample of the flatness measures: the same for every method and seed (and every worker). */
  private ImageDataset diagSet;
  private Landscape.Options landscapeOptions;

  @Override
  public Integer call() {
    List<String> names = Args.names("--methods", methods);
    Require.atLeast("--epochs", epochs, 1);
    for (String n : names) objective(n); // validate all before training anything
    optimizer(names.get(0)); // --lr and --rho
    Require.atLeast("--seeds", seeds, 1);
    Require.atLeast("--diag-examples", diagExamples, 1);
    precision.options();
    tensorboard.resolve(out, "");
    landscapeOptions = new Landscape.Options(1, iterations, 1e-3, hutchinson, "1d", points, radius, 0, 1, false, 0,
        0, 1, 0.01, psiEps, 20);
    List<CompareRun> runs = CompareRun.seedMajor(names, seeds);
    PrintWriter w = spec.commandLine().getOut();
    if (cluster.launchesLocalWorkers()) {
      // kept rows made with other settings, or earlier results without --resume, are refused before any worker starts
      for (CompareRun r : runs) {
        if (resume) kept(r);
        else requireFresh(r);
      }
      return LocalWorkers.run(cluster.localWorkers, spec.commandLine().getParseResult().originalArgs(),
          cluster.timeoutSeconds, w, spec.commandLine().getErr());
    }
    Replica replica = cluster.replica();
    Map<CompareRun, CompareRow> rows = replica == null ? trainHere(runs, w) : CompareSweep.run(this, replica, runs, w);
    if (rows == null) return 0; // a worker other than rank 0: rank 0 writes the report
    report(names, runs, rows, w);
    return 0;
  }

  /** Every run in this process, seed-major; a kept row (--resume) is reported again without training. */
  private Map<CompareRun, CompareRow> trainHere(List<CompareRun> runs, PrintWriter w) {
    Map<CompareRun, CompareRow> rows = new LinkedHashMap<>();
    for (CompareRun run : runs) {
      announce(run, w);
      CompareRow row = kept(run, w);
      rows.put(run, row != null ? row : trainAndAnalyse(run, out, null, w));
    }
    return rows;
  }

  void announce(CompareRun run, PrintWriter w) {
    w.printf("%n== %s, seed %d: %s, %d epochs ==%n", run.method(), run.seed(), model, epochs);
    w.flush();
  }

  Path out() { return out; }

  /** The row kept in --out for {@code run} with --resume (refused when made with other settings); else null. */
  CompareRow kept(CompareRun run) {
    return resume ? CompareRow.read(run.dir(out), rowSettings(run.method(), run.seed())) : null;
  }

  /**
   * Without --resume, a sweep refuses a run folder in --out with results (a run, or a row): rank 0
   * would otherwise replace another worker's earlier row without a word.
   */
  void requireFresh(CompareRun run) {
    if (resume) return;
    Path dir = run.dir(out);
    for (String f : List.of(CompareRow.FILE, "metrics.jsonl", "checkpoint"))
      if (java.nio.file.Files.exists(dir.resolve(f)))
        throw new IllegalArgumentException("output folder " + dir + " already holds " + f + "; pass --resume to keep"
            + " what is finished, or choose another folder with --out");
  }

  /** {@link #kept}, saying so when there is one. */
  CompareRow kept(CompareRun run, PrintWriter w) {
    CompareRow row = kept(run);
    if (row != null) w.printf("%s: already trained and analysed (%s/%s)%n", run, run.dir(out), CompareRow.FILE);
    return row;
  }

  /** {@code row} (the compare-row.json another worker sent) as {@code run}'s row in --out, validated like a kept one. */
  CompareRow adopt(CompareRun run, com.fasterxml.jackson.databind.JsonNode row) {
    Path dir = run.dir(out);
    RunFolder.writeJson(dir.resolve(CompareRow.FILE), row);
    return CompareRow.read(dir, rowSettings(run.method(), run.seed()));
  }

  /**
   * Trains {@code run} in {@code base/<method>/s<seed>} (or takes its finished summary there with
   * --resume, or continues its checkpoint), measures the final model's flatness and writes its
   * row; {@code worker} is the rank in a cluster sweep, null in one process.
   */
  CompareRow trainAndAnalyse(CompareRun run, Path base, Integer worker, PrintWriter w) {
    String method = run.method();
    int seed = run.seed();
    Path dir = run.dir(base);
    ImageSettings settings = ImageSettings.builder(dataset).dataDir(data).model(model).batchSize(batchSize)
        .seed(seed).valFraction(0).limitTrain(limitTrain).limitTest(limitTest).build();
    Trainer.Result tr = resume ? finished(dir, method) : null;
    if (tr == null) {
      boolean started = resume && java.nio.file.Files.exists(dir.resolve("checkpoint"));
      ReshapedObjective objective = objective(method);
      RunPlan plan = RunPlan.builder(optimizer(method), epochs, dir).objective(objective).resume(started)
          .trainerOptions(precision.options().andThen(tensorboard.options(dir.resolve("tensorboard"), method + "/s" + seed)))
          .build();
      tr = ImageClassification.train(settings, plan, null, w);
      RunOutput.printResult(w, tr, dir);
    } else {
      w.printf("already trained (%s/summary.json)%n", dir);
    }
    RunCard card = RunCard.read(dir);
    synchronized (this) {
      if (diagSet == null) diagSet = ImageRunCard.trainSample(card, data, diagExamples, 0);
    }
    Landscape.Result lr0 = Landscape.analyse(ImageRunCard.model(card), dir, ImageBatches.evaluation(diagSet, 128), 0,
        landscapeOptions);
    LandscapeCommand.LandscapeFiles.write(dir.resolve("landscape"), lr0, model);
    w.printf(Locale.ROOT, "%s flatness: lambda_max %.4g, trace %.4g, 1-D sharpness %.4g (%.0f s)%n", run,
        lr0.eigen().top(), lr0.trace().estimate(), lr0.line().maxIncrease(), lr0.seconds());
    if (lr0.psi() != null)
      w.printf(Locale.ROOT, "PSI: basis-path max/min ratio %.4g, PSI-sharpness %.4g%n", lr0.psi().ratio(),
          lr0.psi().maxIncrease());
    w.flush();
    CompareRow row = CompareRow.of(rowSettings(method, seed), tr, lr0, DemoCommand.trainingSeconds(dir), worker);
    row.write(dir);
    return row;
  }

  /** The table, compare.txt/.json and surfaces-1d.png from every run's row, in seed-major order per method. */
  private void report(List<String> names, List<CompareRun> runs, Map<CompareRun, CompareRow> rows, PrintWriter w) {
    Map<String, List<CompareRow>> results = new LinkedHashMap<>();
    for (String m : names) results.put(m, new ArrayList<>());
    for (CompareRun run : runs) {
      CompareRow row = rows.get(run);
      if (row == null) throw new IllegalStateException("no row for " + run + " was gathered");
      results.get(run.method()).add(row);
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
  }

  /** What a kept row must have been made with to be reported beside this call's runs. */
  private Map<String, Object> rowSettings(String method, int seed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("method", method);
    m.put("seed", seed);
    m.put("dataset", dataset);
    m.put("model", model);
    m.put("epochs", epochs);
    m.put("limit_train", limitTrain);
    m.put("limit_test", limitTest);
    m.put("batch_size", batchSize);
    m.put("lr", lr);
    if (method.equals("sam") || method.equals("asam")) m.put("rho", rho);
    if (method.equals("flooding")) m.put("flood", flood);
    m.put("diag_examples", diagExamples);
    m.put("iterations", iterations);
    m.put("hutchinson", hutchinson);
    m.put("points", points);
    m.put("radius", radius);
    m.put("psi_eps", psiEps);
    m.put("precision", precision.value().label());
    return m;
  }

  /**
   * The result of a run that completed all its epochs, read back from its summary.json; else null.
   * A finished run trained with another objective or precision is refused: it would be reported
   * under this call's settings (an interrupted one is refused by its checkpoint's hash).
   */
  private Trainer.Result finished(Path dir, String method) {
    Path f = dir.resolve("summary.json");
    if (!java.nio.file.Files.isRegularFile(f)) return null;
    try {
      com.fasterxml.jackson.databind.JsonNode j = RunFolder.JSON.readTree(f.toFile());
      if (j.get("epochs_completed").asInt() < epochs) return null;
      com.fasterxml.jackson.databind.JsonNode config = j.path("config");
      // through text, so that number types compare as the file's do
      com.fasterxml.jackson.databind.JsonNode objectiveNow = RunFolder.JSON.readTree(
          RunFolder.JSON.writeValueAsString(objective(method).describe()));
      String precisionRun = config.path("precision").asText("fp32");
      String precisionNow = precision.value().label();
      if (!config.path("objective").equals(objectiveNow) || !precisionRun.equals(precisionNow))
        throw new IllegalArgumentException(f + " was trained with other settings: objective " + config.path("objective")
            + ", precision " + precisionRun + " (run) vs objective " + objectiveNow + ", precision " + precisionNow
            + " (now); pass the same settings or another --out");
      Map<String, Object> last = RunFolder.JSON.convertValue(j.get("final"),
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
      Map<String, Double> best = RunFolder.JSON.convertValue(j.get("best"),
          new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Double>>() {});
      com.fasterxml.jackson.databind.JsonNode ms = j.get("ms_per_step_median");
      return new Trainer.Result(j.get("epochs_completed").asInt(), j.get("steps").asLong(),
          j.path("initial_loss").isNumber() ? j.get("initial_loss").asDouble() : Double.NaN, last, best == null ? Map.of() : best,
          ms != null && ms.isNumber() ? ms.asDouble() : Double.NaN);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + f, e);
    }
  }

  private ReshapedObjective objective(String method) {
    return switch (method) {
      case "plain", "sam", "asam" -> ReshapedObjective.plain();
      // the reference's defaults: a 2.5, b 0.15, L0 the untrained model's mean loss over the whole training set
      case "sech" -> ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.evaluated(0)).build();
      case "sech-last" -> ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.evaluated(0))
          .schedule(ReshapeSchedule.lastEpochs(lastThird(epochs))).build();
      case "flooding" -> ReshapedObjective.builder(Reshapers.flooding(flood)).initialLoss(InitialLoss.none()).build();
      default -> throw new IllegalArgumentException("--methods entries must be plain, sech, sech-last, flooding, sam or asam, got '"
          + method + "'");
    };
  }

  private OptimizerFactory optimizer(String method) {
    Require.that(lr > 0, "--lr", "be > 0", lr);
    Require.that(rho > 0, "--rho", "be > 0", rho);
    return steps -> {
      Sgd base = Sgd.momentum(Schedule.cosinePerEpoch(lr, 0), 0.9, 5e-4);
      return switch (method) {
        case "sam" -> Sam.sam(base, rho);
        case "asam" -> new Sam(base, Hyperparameter.constant(10 * rho), true, 0.01, 1);
        default -> base;
      };
    };
  }

  /** The epochs of the last third of a run, at least one: sech-last reshapes only there. */
  static int lastThird(int epochs) {
    return Math.max(1, (int) Math.ceil(epochs / 3.0));
  }

  private static Plots.Curve meanLine(List<CompareRow> rs) {
    double[] x = rs.get(0).alphas();
    double[] y = new double[x.length];
    for (CompareRow r : rs) for (int i = 0; i < x.length; i++) y[i] += r.losses()[i] / rs.size();
    return new Plots.Curve(x, y);
  }

  /** mean and sample standard deviation (0 for one value). */
  static double[] meanStd(List<Double> v) {
    double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return new double[] {m, v.size() < 2 ? 0 : Math.sqrt(ss / (v.size() - 1))};
  }

  private interface Metric { double of(CompareRow r); }

  private static final Map<String, Metric> METRICS = new LinkedHashMap<>();
  static {
    METRICS.put("test_accuracy", CompareRow::testAccuracy);
    METRICS.put("best_test_accuracy", CompareRow::bestTestAccuracy);
    METRICS.put("final_train_loss", CompareRow::finalTrainLoss);
    METRICS.put("ms_per_step", CompareRow::msPerStep);
    METRICS.put("training_seconds", CompareRow::trainingSeconds);
    METRICS.put("passes_per_step", CompareRow::passesPerStep);
    METRICS.put("lambda_max", CompareRow::lambdaMax);
    METRICS.put("hessian_trace", CompareRow::trace);
    METRICS.put("sharpness_1d", CompareRow::sharpness1d);
    METRICS.put("train_loss", CompareRow::probeLoss);
    // plain ReLU chains only (MLPs, small_cnn[_nobn], VGG; NaN otherwise, and the column is left out)
    METRICS.put("psi_log10_ratio", CompareRow::psiLog10Ratio);
    METRICS.put("psi_sharpness", CompareRow::psiSharpness);
  }

  /** The metrics with a value for at least one run (PSI columns need plain ReLU chains). */
  private static Map<String, Metric> shown(Map<String, List<CompareRow>> results) {
    Map<String, Metric> out = new LinkedHashMap<>();
    METRICS.forEach((k, f) -> {
      if (results.values().stream().flatMap(List::stream).anyMatch(r -> !Double.isNaN(f.of(r)))) out.put(k, f);
    });
    return out;
  }

  static String table(Map<String, List<CompareRow>> results) {
    Map<String, Metric> metrics = shown(results);
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %6s", "method", "seeds"));
    for (String k : metrics.keySet()) b.append(String.format(Locale.ROOT, " %22s", k));
    b.append('\n');
    results.forEach((m, rs) -> {
      b.append(String.format(Locale.ROOT, "%-10s %6d", m, rs.size()));
      for (Metric f : metrics.values()) {
        List<Double> v = new ArrayList<>();
        for (CompareRow r : rs) v.add(f.of(r));
        double[] ms = meanStd(v);
        b.append(String.format(Locale.ROOT, " %22s", String.format(Locale.ROOT, "%.4g +- %.2g", ms[0], ms[1])));
      }
      b.append('\n');
    });
    b.append("mean +- sample standard deviation over seeds; test_accuracy final, best_test_accuracy the best epoch's;\n"
        + "final_train_loss the last epoch's mean plain training loss (training mode, augmented); ms_per_step median;\n"
        + "training_seconds all epochs; lambda_max, trace, sharpness_1d and train_loss of the final model, plain loss\n"
        + "in inference mode on the same training sample"
        + (metrics.containsKey("psi_sharpness") ? ";\npsi_log10_ratio = log10 of max/min basis-path value, psi_sharpness = max loss"
            + " increase under relative basis-path perturbations" : "") + ".\n");
    return b.toString();
  }

  private static Map<String, Object> summary(Map<String, List<CompareRow>> results) {
    Map<String, Object> out = new LinkedHashMap<>();
    results.forEach((m, rs) -> {
      Map<String, Object> one = new LinkedHashMap<>();
      shown(results).forEach((k, f) -> {
        List<Double> v = new ArrayList<>();
        for (CompareRow r : rs) v.add(f.of(r));
        double[] ms = meanStd(v);
        one.put(k, Map.of("mean", ms[0], "std", ms[1], "values", v));
      });
      out.put(m, one);
    });
    return out;
  }
}
