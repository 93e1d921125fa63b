package io.github.llr4j.core.train;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import io.github.llr4j.core.train.report.Progress;
import io.github.llr4j.core.train.report.RunFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Trains one model: owns its Graph and Session, builds the training step once and runs epochs.
 *
 * <p>The step: placeholders {@code input [-1, ...example]}, {@code labels [-1]} and
 * {@code step_seed} (int64 [2] = (seed, step), for dropout) -> model in training mode -> plain mean
 * loss L -> {@link ReshapedObjective#build} (L_fin, f') -> gradients of L_fin w.r.t. the model's
 * trainable variables -> optimizer update, grouped with the pass's batch-norm updates. With a
 * {@link Sam} optimizer the step has two passes (see {@code SamStep}: ascent, second pass at
 * w + e, base update; batch-norm statistics from the first pass only). A run
 * fetches only the scalars L, L_fin and f'. L0 is fed as hyperparameter {@code reshape_l0}:
 * evaluated (inference-mode mean loss over the first N training batches before step 1), the mean
 * training loss of epoch 0 (first-epoch), or fixed.
 *
 * <p>With {@link TrainerConfig#flatness()} set, every N epochs the record also holds
 * {@code lambda_max}, {@code hessian_trace} and {@code sharpness_1d} ({@link FlatnessTracking}).
 *
 * <p>Files (when an output folder is set): metrics.jsonl, summary.json, manifest.json and an
 * atomic checkpoint after every epoch. Resuming restores the variables (optimizer state included)
 * and continues at the next epoch; with deterministic batches per epoch and the fed step seed the
 * result equals an uninterrupted run. A non-finite L or L_fin stops training with an
 * {@link IllegalStateException} naming step, epoch, batch and the fed hyperparameters; the last
 * checkpoint is left untouched.
 *
 * <p>After each epoch's evaluation the configured {@link EpochMetric}s run (e.g. robust
 * validation accuracy) and the {@link Selection} rule picks the reported epoch
 * ({@code selected_epoch}, {@code at_selected_<metric>} in summary.json), keeping its weights in
 * {@code best/} when asked.
 */
public final class Trainer implements AutoCloseable {

  /** Outcome of {@link #fit}. */
  public record Result(
      int epochsCompleted,
      long steps,
      double initialLoss,
      Map<String, Object> finalMetrics,
      Map<String, Double> bestMetrics,
      double msPerStepMedian) {}

  private final TrainerConfig config;
  private final Batches train;
  private final Map<String, Batches> evaluation;
  private final Graph graph;
  private final Session session;
  private final Model model;
  private final ScalarFeeds feeds;
  private final Placeholder<? extends TType> input;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TInt64> stepSeed;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> lossFin;
  private final Operand<TFloat32> factor;
  private final Op trainOp;
  private final SamStep samStep;
  private final FlatnessRecorder flatness;
  private final Evaluator evaluator;
  private final MutableL0 l0 = new MutableL0();
  private final RunFiles files;
  private final java.util.Set<String> epochMetricKeys = new java.util.LinkedHashSet<>();

  /** Sub-folder of the run that holds the selected epoch's checkpoint ({@link Selection}). */
  public static final String BEST_DIR = "best";
  private final Instant started = Instant.now();

  /**
   * Builds the graph for {@code config} on data shaped like {@code train}. {@code evaluation} maps
   * a set name (e.g. {@code val}, {@code test}) to its batches; metrics appear as
   * {@code <name>_accuracy} and {@code <name>_loss}.
   */
  public Trainer(TrainerConfig config, Batches train, Map<String, Batches> evaluation) {
    if (config == null) throw new IllegalArgumentException("config must not be null");
    if (train == null || train.batchesPerEpoch() < 1)
      throw new IllegalArgumentException("train must yield at least one batch per epoch, got " + train);
    this.config = config;
    this.train = train;
    this.evaluation = new LinkedHashMap<>(evaluation == null ? Map.of() : evaluation);
    this.graph = new Graph();
    boolean ok = false;
    try {
      Ops tf = Ops.create(graph);
      this.feeds = new ScalarFeeds(tf);
      this.model = config.model().build(tf.withSubScope("model"), config.seed());
      Ops in = tf.withSubScope("input");
      this.input = in.withName("examples").placeholder(train.inputType(),
          Placeholder.shape(Shape.of(-1).append(train.exampleShape())));
      this.labels = in.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      this.stepSeed = in.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      if (config.inputHook() != null)
        config.inputHook().build(tf.withSubScope("input_hook"), model, train.inputType(), train.exampleShape());
      for (int i = 0; i < config.epochMetrics().size(); i++)
        config.epochMetrics().get(i).build(tf.withSubScope("epoch_metric_" + i), model);
      ModelContext ctx = ModelContext.training(tf, stepSeed);
      this.loss = tf.withName("loss").identity(config.loss().meanLoss(ctx, model, input, labels));
      config.extraHyperparameters().forEach(feeds::scalar);
      ReshapedObjective.Built built = config.objective().build(tf, loss, feeds, l0);
      // own identities: a plain objective returns L itself, and a run cannot fetch one output twice
      this.lossFin = tf.withName("loss_fin").identity(built.reshaped());
      this.factor = tf.withName("gradient_factor").identity(built.gradientFactor());
      List<Variable<TFloat32>> params = model.trainableVariables();
      List<Operand<TFloat32>> g = built.parameterGradients(tf.withSubScope("gradients"), loss, params);
      if (config.optimizer() instanceof Sam sam) {
        this.samStep = new SamStep(tf, sam, model, config.loss(), config.objective(), input, labels, stepSeed,
            feeds, l0, params, g, ctx.updates());
        this.trainOp = null;
      } else {
        Op update = config.optimizer().applyGradients(tf.withSubScope("optimizer"), params, g, feeds);
        List<Op> all = new ArrayList<>(ctx.updates());
        all.add(update);
        this.trainOp = tf.withControlDependencies(all).withName("train_step").noOp();
        this.samStep = null;
      }
      this.flatness = config.flatness() == null ? null
          : new FlatnessRecorder(tf, config.flatness(), model, config.loss(), train);
      this.evaluator = new Evaluator(tf, model, new CrossEntropyLoss(config.model().classes()),
          train.inputType(), train.exampleShape());
      // a fixed L0 is known before any step, so step() works without fit() (benchmarks)
      if (config.objective().initialLoss() instanceof InitialLoss.Fixed fixed)
        l0.value = ReshapedObjective.checkInitialLoss(fixed.value());
      this.session = new Session(graph);
      this.files = config.outputDir() == null ? null : new RunFiles(config.outputDir());
      ok = true;
    } finally {
      if (!ok) graph.close();
    }
  }

  public TrainerConfig config() { return config; }
  public Graph graph() { return graph; }
  public Session session() { return session; }
  public Model model() { return model; }

  /** Inference-mode mean loss and accuracy of {@code data} (0 = all batches). */
  public Evaluator.Metrics evaluate(Batches data, int maxBatches) {
    return evaluator.evaluate(session, data, maxBatches);
  }

  /** Confusion matrix of the current weights' top-1 predictions on {@code data} (0 = all batches). */
  public ConfusionMatrix confusion(Batches data, int maxBatches) {
    return evaluator.confusion(session, data, maxBatches, config.model().classes());
  }

  /** Runs (or resumes) training and returns the final and best metrics. */
  public Result fit() {
    int totalEpochs = config.epochs();
    long perEpoch = train.batchesPerEpoch();
    int startEpoch = 0;
    long step = 0;
    Map<String, Double> best = new LinkedHashMap<>();
    String hash = configHash();
    boolean l0Known = false;
    if (config.resume()) {
      Optional<Path> dir = Checkpoints.find(config.outputDir());
      if (dir.isPresent()) {
        Map<String, Object> state = Checkpoints.load(session, dir.get());
        if (!hash.equals(state.get("config_hash")))
          throw new IllegalStateException("cannot resume from " + dir.get() + ": it was written with a"
              + " different configuration (hash " + state.get("config_hash") + ", this run " + hash
              + "); use a new output folder or the original settings");
        startEpoch = ((Number) state.get("epoch")).intValue() + 1;
        step = ((Number) state.get("step")).longValue();
        Object v = state.get("initial_loss");
        if (v instanceof Number n) { l0.value = n.doubleValue(); l0Known = true; }
        @SuppressWarnings("unchecked")
        Map<String, Object> b = (Map<String, Object>) state.getOrDefault("best", Map.of());
        b.forEach((k, x) -> best.put(k, ((Number) x).doubleValue()));
      }
    }
    if (files != null) files.writeJson("manifest.json", manifest());
    InitialLoss mode = config.objective().initialLoss();
    if (!l0Known) {
      if (mode instanceof InitialLoss.Evaluated e) {
        l0.value = ReshapedObjective.checkInitialLoss(evaluate(train, e.maxBatches()).meanLoss());
        l0Known = true;
      } else if (mode instanceof InitialLoss.Fixed f) {
        l0.value = ReshapedObjective.checkInitialLoss(f.value());
        l0Known = true;
      }
    }
    Progress progress = new Progress(System.out, System.console() != null, config.logInterval());
    long[] stepNanos = new long[1024];
    int timed = 0;
    Map<String, Object> last = Map.of();
    int epochsDone = startEpoch;
    for (int epoch = startEpoch; epoch < totalEpochs; epoch++) {
      if (config.maxSteps() > 0 && step >= config.maxSteps()) break;
      long t0 = System.nanoTime();
      double sumL = 0, sumFin = 0, sumF = 0;
      long n = 0, passes = 0;
      Map<String, Double> fedValues = Map.of();
      long waitBefore = train instanceof io.github.llr4j.core.data.ArrayBatches ab ? ab.inputWaitNanos() : 0;
      Iterator<Batch> it = train.epoch(epoch);
      int batchIndex = 0;
      while (it.hasNext() && (config.maxSteps() == 0 || step < config.maxSteps())) {
        TrainingClock clock = new TrainingClock(step, epoch, batchIndex, perEpoch, totalEpochs);
        long s0 = System.nanoTime();
        StepOutcome o;
        try (Batch b = it.next()) {
          o = step(b, clock);
        }
        float l = o.loss(), fin = o.reshapedLoss(), f = o.gradientFactor();
        fedValues = o.hyperparameters();
        if (timed == stepNanos.length) stepNanos = Arrays.copyOf(stepNanos, timed * 2);
        stepNanos[timed++] = System.nanoTime() - s0;
        sumL += l; sumFin += fin; sumF += f; n++;
        passes += o.passes();
        progress.step(epoch, batchIndex, perEpoch, l, f);
        step++;
        batchIndex++;
      }
      if (n == 0) break;
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (mode instanceof InitialLoss.FirstEpoch && !l0Known) {
        l0.value = ReshapedObjective.checkInitialLoss(sumL / n);
        l0Known = true;
      }
      Map<String, Object> rec = new LinkedHashMap<>();
      rec.put("epoch", epoch);
      rec.put("steps", step);
      rec.put("train_loss", sumL / n);
      rec.put("reshaped_loss", sumFin / n);
      rec.put("gradient_factor", sumF / n);
      rec.put("passes_per_step", (double) passes / n);
      Double lr = fedValues.getOrDefault("learning_rate", fedValues.get("lr"));
      if (lr != null) rec.put("learning_rate", lr);
      rec.put("hyperparameters", fedValues);
      rec.put("seconds", seconds);
      if (train instanceof io.github.llr4j.core.data.ArrayBatches ab)
        rec.put("input_share", (ab.inputWaitNanos() - waitBefore) / 1e9 / seconds);
      for (Map.Entry<String, Batches> e : evaluation.entrySet()) {
        Evaluator.Metrics m = evaluate(e.getValue(), config.evalMaxBatches());
        rec.put(e.getKey() + "_loss", m.meanLoss());
        rec.put(e.getKey() + "_accuracy", m.accuracy());
      }
      for (EpochMetric metric : config.epochMetrics()) {
        Map<String, Double> values = metric.compute(session, epoch);
        epochMetricKeys.addAll(values.keySet());
        rec.putAll(values);
      }
      if (flatness != null && flatness.due(epoch, totalEpochs)) flatness.record(session, train, rec);
      recordBest(best, rec, epoch);
      boolean selected = recordSelection(best, rec, epoch);
      last = rec;
      if (config.logInterval() != 0) System.out.println(epochLine(rec));
      epochsDone = epoch + 1;
      if (files != null) {
        files.appendMetrics(rec);
        if (config.checkpointEveryEpoch()) {
          Map<String, Object> state = new LinkedHashMap<>();
          state.put("epoch", epoch);
          state.put("step", step);
          state.put("initial_loss", l0Known ? l0.value : null);
          state.put("best", best);
          state.put("config_hash", hash);
          Checkpoints.save(session, config.outputDir(), state);
        }
        if (selected && config.selection().keepCheckpoint()) {
          Map<String, Object> state = new LinkedHashMap<>();
          state.put("epoch", epoch);
          state.put("step", step);
          state.put("selection", config.selection().rule());
          state.put("config_hash", hash);
          Checkpoints.save(session, config.outputDir().resolve(BEST_DIR), state);
        }
      }
    }
    long[] sorted = Arrays.copyOf(stepNanos, timed);
    Arrays.sort(sorted);
    double median = timed == 0 ? Double.NaN
        : (timed % 2 == 1 ? sorted[timed / 2] : (sorted[timed / 2 - 1] + sorted[timed / 2]) / 2.0) / 1e6;
    Result result = new Result(epochsDone, step, l0Known ? l0.value : Double.NaN, last, best, median);
    if (files != null) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("epochs_completed", epochsDone);
      summary.put("steps", step);
      summary.put("initial_loss", l0Known ? l0.value : null);
      summary.put("ms_per_step_median", timed == 0 ? null : median);
      // the headline numbers at the top level: final evaluation metrics and best_<metric>
      last.forEach((k, v) -> { if (isEvalMetric(k)) summary.put(k, v); });
      best.forEach((k, v) -> summary.put(k.startsWith("at_best_val_") || k.equals("best_val_epoch")
          || k.startsWith("at_selected_") || k.equals("selected_epoch") ? k : "best_" + k, v));
      summary.put("selection", config.selection().rule());
      if (config.selection().keepCheckpoint() && best.containsKey("selected_epoch"))
        summary.put("selected_checkpoint", config.outputDir().resolve(BEST_DIR).toString());
      summary.put("final", last);
      summary.put("best", best);
      summary.put("config", config.describe());
      files.writeJson("summary.json", summary);
    }
    return result;
  }

  /**
   * What one training step fetched: L, L_fin, f', the hyperparameter values it was fed, and the
   * forward-backward passes it ran (2 for a SAM step, else 1).
   */
  public record StepOutcome(float loss, float reshapedLoss, float gradientFactor,
      Map<String, Double> hyperparameters, int passes) {}

  /**
   * Runs one training step on {@code batch} at {@code clock} (feeds the batch, the step seed
   * (seed, clock.step()) and every hyperparameter) and returns the fetched scalars. {@link #fit}
   * is a loop over this; benchmarks call it directly to time the step alone.
   *
   * @throws IllegalStateException if L or L_fin is not finite (the step's update and batch-norm
   *     statistics are already applied; a SAM step restores w from its ascent first)
   */
  public StepOutcome step(Batch batch, TrainingClock clock) {
    Tensor inputs = config.inputHook() == null ? batch.inputs() : config.inputHook().inputs(session, batch, clock);
    try (TInt64 seedPair = TInt64.vectorOf(config.seed(), clock.step())) {
      Session.Runner r = session.runner().feed(input, inputs).feed(labels, batch.labels())
          .feed(stepSeed, seedPair);
      boolean samNow = samStep != null && samStep.sam.samStep(clock.step());
      Op target = samStep == null ? trainOp : samNow ? samStep.ascend : samStep.plainStore;
      try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
          org.tensorflow.Result out = r.fetch(loss).fetch(lossFin).fetch(factor).addTarget(target).run()) {
        float l = ((TFloat32) out.get(0)).getFloat();
        float fin = ((TFloat32) out.get(1)).getFloat();
        float f = ((TFloat32) out.get(2)).getFloat();
        if (!Float.isFinite(l) || !Float.isFinite(fin)) {
          IllegalStateException diverged = new IllegalStateException("training diverged: loss L = " + l
              + ", L_fin = " + fin + " at step " + clock.step() + " (epoch " + clock.epoch() + ", batch "
              + clock.stepInEpoch() + "); fed hyperparameters " + fed.values() + ". Lower the learning rate"
              + " or check the data; the last checkpoint (previous epoch) is intact.");
          // the ascent already moved w to w + e: the second pass restores w (its gradient is dropped);
          // if that pass fails too (e.g. a domain check at w + e), w stays moved and the reason is attached
          if (samNow) {
            try {
              runTarget(inputs, batch, seedPair, clock, samStep.secondPass);
            } catch (RuntimeException e) {
              diverged.addSuppressed(e);
            }
          }
          throw diverged;
        }
        if (samStep != null) finishSamStep(inputs, batch, seedPair, clock, samNow);
        return new StepOutcome(l, fin, f, fed.values(), samNow ? 2 : 1);
      }
    } finally {
      if (inputs != batch.inputs()) inputs.close();
    }
  }

  /** The rest of a {@link Sam} step: the second pass (SAM steps), then the base update. */
  private void finishSamStep(Tensor inputs, Batch batch, TInt64 seedPair, TrainingClock clock, boolean samNow) {
    if (samNow) runTarget(inputs, batch, seedPair, clock, samStep.secondPass);
    Session.Runner r3 = session.runner();
    try (ScalarFeeds.Fed fed = feeds.feed(r3, clock)) {
      try (org.tensorflow.Result ignored = r3.addTarget(samStep.apply).run()) {
        // effects only
      }
    }
  }

  /** Runs {@code target} on the step's batch, seed and hyperparameters, for its effects only. */
  private void runTarget(Tensor inputs, Batch batch, TInt64 seedPair, TrainingClock clock, Op target) {
    Session.Runner r = session.runner().feed(input, inputs).feed(labels, batch.labels()).feed(stepSeed, seedPair);
    try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
        org.tensorflow.Result ignored = r.addTarget(target).run()) {
      // effects only
    }
  }

  private boolean isEvalMetric(String key) {
    if (epochMetricKeys.contains(key)) return true;
    for (String name : evaluation.keySet())
      if (key.equals(name + "_accuracy") || key.equals(name + "_loss")) return true;
    return false;
  }

  /**
   * Best accuracy (max) and loss (min) per evaluation set; when a {@code val} set exists, also the
   * epoch of the best validation accuracy and every other set's metrics at that epoch
   * ({@code at_best_val_test_accuracy}): model selection on validation, the test set only reported.
   */
  private void recordBest(Map<String, Double> best, Map<String, Object> rec, int epoch) {
    Double valAcc = (Double) rec.get("val_accuracy");
    if (valAcc != null && (!best.containsKey("val_accuracy") || valAcc > best.get("val_accuracy"))) {
      best.put("best_val_epoch", (double) epoch);
      for (String name : evaluation.keySet()) {
        if (name.equals("val")) continue;
        best.put("at_best_val_" + name + "_accuracy", (Double) rec.get(name + "_accuracy"));
        best.put("at_best_val_" + name + "_loss", (Double) rec.get(name + "_loss"));
      }
    }
    for (String name : evaluation.keySet()) {
      best.merge(name + "_accuracy", (Double) rec.get(name + "_accuracy"), Math::max);
      best.merge(name + "_loss", (Double) rec.get(name + "_loss"), Math::min);
    }
    for (String key : epochMetricKeys) {
      if (!(rec.get(key) instanceof Double v)) continue;
      if (key.endsWith("_accuracy")) best.merge(key, v, Math::max);
      else if (key.endsWith("_loss")) best.merge(key, v, Math::min);
    }
  }

  /**
   * Applies the configured {@link Selection}: when this epoch's metric improves on the selected
   * one, records {@code selected_epoch} and every evaluation metric as {@code at_selected_<key>}.
   */
  private boolean recordSelection(Map<String, Double> best, Map<String, Object> rec, int epoch) {
    Selection sel = config.selection();
    if (!(rec.get(sel.metric()) instanceof Double v)) {
      // the default rule simply does not apply to a run without a validation set
      if (sel.equals(Selection.validationAccuracy())) return false;
      throw new IllegalStateException("selection metric " + sel.metric() + " is not among this run's metrics "
          + rec.keySet().stream().filter(this::isEvalMetric).toList()
          + "; add the evaluation set or epoch metric that produces it");
    }
    if (!sel.improves(v, best.get("at_selected_" + sel.metric()))) return false;
    best.put("selected_epoch", (double) epoch);
    for (Map.Entry<String, Object> e : rec.entrySet())
      if (isEvalMetric(e.getKey()) && e.getValue() instanceof Double d) best.put("at_selected_" + e.getKey(), d);
    return true;
  }

  /** One human-readable line per epoch: the losses, the evaluation metrics and the time. */
  private static String epochLine(Map<String, Object> rec) {
    StringBuilder b = new StringBuilder("epoch ").append(rec.get("epoch")).append(" done:");
    for (Map.Entry<String, Object> e : rec.entrySet()) {
      String k = e.getKey();
      if (e.getValue() instanceof Double d && (k.endsWith("loss") || k.endsWith("accuracy")
          || k.equals("learning_rate") || k.equals("gradient_factor") || k.equals("lambda_max")
          || k.equals("hessian_trace") || k.equals("sharpness_1d")))
        b.append(String.format(java.util.Locale.ROOT, " %s %.4g", k, d));
    }
    return b.append(String.format(java.util.Locale.ROOT, " (%.1f s)", (Double) rec.get("seconds"))).toString();
  }

  private Map<String, Object> manifest() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("start_time", started.toString());
    m.put("config", config.describe());
    m.put("config_hash", configHash());
    m.put("seed", config.seed());
    m.put("java_version", System.getProperty("java.version"));
    String tfJava = TensorFlow.class.getPackage().getImplementationVersion();
    m.put("tensorflow_java_version", tfJava == null ? "unknown" : tfJava);
    m.put("tensorflow_version", TensorFlow.version());
    m.put("git_revision", gitRevision());
    m.put("parameters", model.parameterCount());
    return m;
  }

  private static String gitRevision() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) { p.destroyForcibly(); return null; }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private String configHash() {
    try {
      // the step limit only cuts a run short, so a resumed run may change it
      Map<String, Object> settings = new LinkedHashMap<>(config.describe());
      settings.remove("max_steps");
      byte[] d = MessageDigest.getInstance("SHA-256").digest(
          RunFiles.JSON.writeValueAsString(settings).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot hash the configuration", e);
    }
  }

  @Override
  public void close() {
    if (flatness != null) flatness.close();
    feeds.close();
    session.close();
    graph.close();
  }

  /** L0 fed each step; set before the first reshaped step, never changed afterwards. */
  private static final class MutableL0 implements Hyperparameter {
    volatile double value = 1.0;

    @Override
    public double valueAt(TrainingClock clock) {
      return value;
    }

    @Override
    public String toString() {
      return "L0=" + value;
    }
  }
}
