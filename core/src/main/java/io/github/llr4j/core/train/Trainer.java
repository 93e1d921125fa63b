package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.dist.ChiefBroadcast;
import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.run.FaultPoints;
import io.github.llr4j.core.run.Fields;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import io.github.llr4j.core.train.report.Progress;
import io.github.llr4j.core.train.report.StepTimes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;

/**
 * Trains one model: owns its Graph and Session, builds the pieces once and runs the epoch loop.
 * The pieces: {@link TrainingStep} (placeholders, loss, reshaping, gradients, the optimizer's one-
 * or two-pass update), {@link InitialLossTracker} (L0), {@link Evaluator} (inference metrics),
 * {@link BestMetrics} (best values and the {@link Selection}), {@link RunRecord} (the run folder:
 * manifest, metrics, checkpoints, summary, lock) and the optional {@link FlatnessRecorder}.
 *
 * <p>Files (when an output folder is set): metrics.jsonl, summary.json, manifest.json and an
 * atomic checkpoint after every epoch, written in that order by {@link RunRecord}. Resuming
 * restores the variables (optimizer state included) and continues at the next epoch, or at the
 * batch where a {@code maxSteps} limit stopped inside an epoch; with deterministic batches per
 * epoch and the fed step seed the result equals an uninterrupted run. A resume with another
 * configuration or other data is refused in the constructor, before anything is written. A
 * non-finite L or L_fin stops training with a {@link io.github.llr4j.core.run.RunStoppedException} naming step, epoch,
 * batch and the fed hyperparameters; the last checkpoint is left untouched.
 *
 * <p>The session computes in {@link TrainerConfig#precision()} (training and evaluation alike);
 * a precision this CPU cannot run is refused before the graph is built.
 *
 * <p>After each epoch's evaluation the configured {@link EpochMetric}s run (e.g. robust
 * validation accuracy) and the {@link Selection} rule picks the reported epoch
 * ({@code selected_epoch}, {@code at_selected_<metric>} in summary.json), keeping its weights in
 * {@code best/} when asked. With {@link TrainerConfig#flatness()} set, every N epochs the record
 * also holds {@code lambda_max}, {@code hessian_trace} and {@code sharpness_1d}.
 *
 * <p>{@link TrainerConfig#listeners()} observe the run ({@link TrainingListener}: after every step,
 * after every epoch, at the start and end of {@code fit}), e.g. TensorBoard event files.
 */
public final class Trainer implements AutoCloseable {

  /**
   * Outcome of {@link #fit}; {@code alreadyFinished} when a resumed run had nothing left to do (its
   * results are the finished run's, read back).
   */
  public record Result(
      int epochsCompleted,
      long steps,
      double initialLoss,
      Map<String, Object> finalMetrics,
      Map<String, Double> bestMetrics,
      double msPerStepMedian,
      boolean alreadyFinished) {

    public Result(int epochsCompleted, long steps, double initialLoss, Map<String, Object> finalMetrics,
        Map<String, Double> bestMetrics, double msPerStepMedian) {
      this(epochsCompleted, steps, initialLoss, finalMetrics, bestMetrics, msPerStepMedian, false);
    }
  }

  /**
   * What one training step fetched: L, L_fin, f', the hyperparameter values it was fed, and the
   * forward-backward passes it ran (2 for a two-pass step such as SAM's, else 1).
   */
  public record StepOutcome(float loss, float reshapedLoss, float gradientFactor,
      Map<String, Double> hyperparameters, int passes) {}

  /** Sub-folder of the run that holds the selected epoch's checkpoint ({@link Selection}). */
  public static final String BEST_DIR = RunCard.BEST_DIR;

  private final TrainerConfig config;
  private final Batches train;
  private final Map<String, Batches> evaluation;
  private final Graph graph;
  private final Session session;
  private final Model model;
  private final ScalarFeeds feeds;
  private final InitialLossTracker l0;
  private final TrainingStep step;
  private final FlatnessRecorder flatness;
  private final TrajectoryRecorder trajectory;
  private final Evaluator evaluator;
  private final BestMetrics best;
  private final RunRecord record;
  /** Where fit() starts; on a data-parallel worker other than rank 0, replaced by rank 0's at the start of fit(). */
  private RunRecord.ResumePoint start;
  /** Data-parallel only: rank 0's variables and resume point to every worker. */
  private final ChiefBroadcast broadcast;
  private final RunView view;

  /**
   * Builds the graph for {@code config} on data shaped like {@code train}. {@code evaluation} maps
   * a set name (e.g. {@code val}, {@code test}) to its batches; metrics appear as
   * {@code <name>_accuracy} and {@code <name>_loss}. With an output folder it locks the folder and,
   * when resuming, validates the checkpoint state against this configuration (nothing is written).
   *
   * <p>With {@link TrainerConfig#replica()} set, this trainer is one worker of a synchronous
   * data-parallel run. Every worker gets the same {@code train} and {@code evaluation} batches: each
   * step trains on the worker's share of the global batch with the global loss and the summed,
   * weighted gradient (see {@link Replica}); L0 and evaluation run on the whole data on every worker
   * (the same result everywhere, so no communication). Only the chief (rank 0) writes the output
   * folder. Batch-norm statistics are per worker, as in PyTorch DDP without SyncBatchNorm. At the
   * start of {@link #fit} every worker takes rank 0's resume point and, when rank 0 resumed, its
   * restored variables ({@link ChiefBroadcast}), so a cluster resumes from rank 0's checkpoint;
   * {@code resume} matters on rank 0 only.
   */
  public Trainer(TrainerConfig config, Batches train, Map<String, Batches> evaluation) {
    if (config == null) throw new IllegalArgumentException("config must not be null");
    if (train == null || train.batchesPerEpoch() < 1)
      throw new IllegalArgumentException("train must yield at least one batch per epoch, got " + train);
    this.config = config;
    Replica replica = config.replica();
    this.train = train;
    this.evaluation = new LinkedHashMap<>(evaluation == null ? Map.of() : evaluation);
    this.best = new BestMetrics(config.selection(), this.evaluation.keySet());
    // before the graph exists: a precision this CPU cannot run is refused without building anything
    String precisionWarning = config.precision().requireSupported();
    if (precisionWarning != null) System.err.println(precisionWarning);
    this.graph = new Graph();
    RunRecord rec = null;
    Session created = null;
    FlatnessRecorder flat = null;
    TrajectoryRecorder traj = null;
    ScalarFeeds scalars = null;
    try {
      Ops tf = Ops.create(graph);
      this.feeds = scalars = new ScalarFeeds(tf);
      this.model = config.model().build(tf.withSubScope("model"), config.seed());
      if (config.inputHook() != null)
        config.inputHook().build(tf.withSubScope("input_hook"), model, train.inputType(), train.exampleShape());
      for (int i = 0; i < config.epochMetrics().size(); i++)
        config.epochMetrics().get(i).build(tf.withSubScope("epoch_metric_" + i), model);
      this.l0 = new InitialLossTracker(config.objective().initialLoss());
      this.step = new TrainingStep(tf, config, model, train.inputType(), train.exampleShape(), feeds, l0, replica);
      this.flatness = flat = config.flatness() == null ? null
          : new FlatnessRecorder(tf, config.flatness(), model, config.loss(), train);
      this.trajectory = traj = config.trajectory() == null ? null
          : new TrajectoryRecorder(tf, config.trajectory(), model, config.loss(), train);
      this.evaluator = new Evaluator(tf, model, new CrossEntropyLoss(config.model().classes()),
          train.inputType(), train.exampleShape());
      // after every variable exists: the broadcast carries them all
      this.broadcast = replica == null ? null : replica.chiefBroadcast(tf, graph, ResumeVector.LENGTH);
      this.session = created = replica != null ? replica.openSession(graph)
          : config.devices() != null ? config.devices().openSession(graph) : config.precision().openSession(graph);
      this.view = new RunView(graph, session, model, train, this.evaluation, step, evaluator);
      boolean writes = config.outputDir() != null && (replica == null || replica.isChief());
      rec = writes ? new RunRecord(config) : null;
      this.start = rec == null ? RunRecord.ResumePoint.FRESH : rec.resumePoint(train.batchesPerEpoch());
      this.record = rec;
    } catch (RuntimeException | Error e) {
      // a refused resume must not leave the folder lock, native tensors or a listener's resources behind
      try {
        release(config, flat, traj, rec, scalars, created, graph);
      } catch (RuntimeException c) {
        e.addSuppressed(c);
      }
      throw e;
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
    if (start.checkpoint() != null) Checkpoints.restoreVariables(session, start.checkpoint());
    boolean resumed = start.checkpoint() != null;
    if (broadcast != null) resumed = takeChiefState();
    l0.restore(start.initialLoss());
    best.restore(start.best());
    if (start.finished()) {
      if (record != null) return finishedResult();
      return new Result(config.epochs(), start.step(), l0.valueOrNaN(), Map.of(), best.values(), Double.NaN, true);
    }
    if (record != null) record.begin(start, model.parameterCount());
    l0.beforeTraining(n -> evaluate(train, n).meanLoss());
    if (trajectory != null) trajectory.attach(config.outputDir(), start.step(), train);
    int totalEpochs = config.epochs();
    long perEpoch = train.batchesPerEpoch();
    long stepCount = start.step();
    for (TrainingListener li : config.listeners()) li.started(view, stepCount, resumed);
    Progress progress = new Progress(System.out, System.console() != null, config.logInterval());
    StepTimes times = new StepTimes();
    Map<String, Object> last = record == null ? Map.of() : record.lastRecord();
    int epochsDone = start.epoch();
    boolean warnedStall = false;
    for (int epoch = start.epoch(); epoch < totalEpochs; epoch++) {
      if (limitReached(stepCount)) break;
      long t0 = System.nanoTime();
      EpochTotals totals = epoch == start.epoch() && start.partial() != null ? start.partial() : new EpochTotals();
      Map<String, Double> fed = Map.of();
      OptionalLong waitBefore = train.inputWaitNanosTotal();
      Iterator<Batch> it = train.epoch(epoch);
      // a run stopped inside this epoch continues at its next batch; earlier batches are drawn and dropped
      for (long skip = 0; skip < totals.steps && it.hasNext(); skip++) it.next().close();
      int batchIndex = (int) totals.steps;
      while (it.hasNext() && !limitReached(stepCount)) {
        // measured outside the step's time, at the weights the step starts from
        var before = trajectory != null && trajectory.due(stepCount) ? trajectory.before(session) : null;
        long s0 = System.nanoTime();
        StepOutcome o;
        TrainingClock clock = new TrainingClock(stepCount, epoch, batchIndex, perEpoch, totalEpochs);
        try (Batch b = it.next()) {
          o = step(b, clock);
        }
        // listeners are timed with the step: what they cost shows in ms_per_step
        for (TrainingListener li : config.listeners()) li.stepDone(clock, o);
        times.add(System.nanoTime() - s0);
        if (before != null) trajectory.after(session, before, stepCount, epoch, o.loss());
        totals.add(o);
        fed = o.hyperparameters();
        progress.step(epoch, batchIndex, perEpoch, o.loss(), o.gradientFactor());
        stepCount++;
        batchIndex++;
        FaultPoints.reach("trainer:step");
      }
      if (totals.steps == 0) break;
      if (it.hasNext()) {
        // stopped by the step limit inside the epoch: not a finished epoch
        if (record != null) record.epochStopped(session, epoch, stepCount, l0.valueOrNull(), best.values(), totals);
        break;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      l0.afterEpoch(totals.sumLoss / totals.steps);
      Map<String, Object> rec = epochRecord(epoch, stepCount, totals, fed, seconds, waitBefore);
      boolean selected = best.update(rec, epoch);
      last = rec;
      if (config.logInterval() != 0) System.out.println(Progress.epochLine(rec));
      String stalled = warnedStall ? null : StalledReshaping.warning(rec, l0.valueOrNull());
      if (stalled != null) {
        System.err.println(stalled);
        warnedStall = true;
      }
      epochsDone = epoch + 1;
      if (record != null) record.epochDone(session, rec, stepCount, l0.valueOrNull(), best.values(), selected);
      for (TrainingListener li : config.listeners()) li.epochDone(view, epoch, stepCount, rec);
    }
    for (TrainingListener li : config.listeners()) li.stopped(stepCount);
    Result result = new Result(epochsDone, stepCount, l0.valueOrNaN(), last, best.values(), times.medianMillis());
    if (record != null) record.writeSummary(result, times.count() == 0 ? null : result.msPerStepMedian(), l0.valueOrNull(), best);
    return result;
  }

  /**
   * Data-parallel: every worker takes rank 0's resume point and, when rank 0 resumed from a
   * checkpoint, its restored variables (a fresh run's are equal on every worker by the seed);
   * returns whether rank 0 resumed.
   */
  private boolean takeChiefState() {
    Replica replica = config.replica();
    try (Replica.PeerWait w = replica.awaitingPeers()) {
      double[] v = broadcast.state(session, replica.isChief() ? ResumeVector.encode(start) : null);
      if (!replica.isChief()) start = ResumeVector.decode(v);
      boolean resumed = ResumeVector.resumed(v);
      if (resumed) broadcast.variables(session);
      return resumed;
    } catch (TensorFlowException e) {
      throw replica.failure(e);
    }
  }

  private boolean limitReached(long stepCount) {
    return config.maxSteps() > 0 && stepCount >= config.maxSteps();
  }

  /** One epoch's line of metrics.jsonl: training means, fed values, time, evaluation and epoch metrics. */
  private Map<String, Object> epochRecord(int epoch, long stepCount, EpochTotals totals, Map<String, Double> fed,
      double seconds, OptionalLong waitBefore) {
    Map<String, Object> rec = new LinkedHashMap<>();
    rec.put("epoch", epoch);
    rec.put("steps", stepCount);
    rec.put("train_loss", totals.sumLoss / totals.steps);
    rec.put("reshaped_loss", totals.sumReshaped / totals.steps);
    rec.put("gradient_factor", totals.sumFactor / totals.steps);
    rec.put("passes_per_step", (double) totals.passes / totals.steps);
    Double lr = fed.getOrDefault("learning_rate", fed.get("lr"));
    if (lr != null) rec.put("learning_rate", lr);
    rec.put("hyperparameters", fed);
    rec.put("seconds", seconds);
    OptionalLong waitAfter = train.inputWaitNanosTotal();
    if (waitBefore.isPresent() && waitAfter.isPresent())
      rec.put("input_share", (waitAfter.getAsLong() - waitBefore.getAsLong()) / 1e9 / seconds);
    for (Map.Entry<String, Batches> e : evaluation.entrySet()) {
      Evaluator.Metrics m = evaluate(e.getValue(), config.evalMaxBatches());
      rec.put(e.getKey() + "_loss", m.meanLoss());
      rec.put(e.getKey() + "_accuracy", m.accuracy());
      if (m.hasTop5()) rec.put(e.getKey() + "_top5_accuracy", m.top5Accuracy());
    }
    for (EpochMetric metric : config.epochMetrics()) {
      Map<String, Double> values = metric.compute(session, epoch);
      best.addEpochMetricKeys(values.keySet());
      rec.putAll(values);
    }
    if (flatness != null && flatness.due(epoch, config.epochs())) flatness.record(session, train, rec);
    return rec;
  }

  /**
   * A resumed run whose checkpoint is its last epoch: nothing to train. The summary is kept (or,
   * after a crash just before it was written, written from the last metrics line).
   */
  private Result finishedResult() {
    record.repairMetrics(start);
    Map<String, Object> last = record.lastRecord();
    long steps = start.step();
    if (record.hasSummary()) {
      Fields s = record.summary();
      Double ms = s.optionalNumber("ms_per_step_median");
      return new Result(config.epochs(), steps, l0.valueOrNaN(), last, best.values(), ms == null ? Double.NaN : ms, true);
    }
    Result r = new Result(config.epochs(), steps, l0.valueOrNaN(), last, best.values(), Double.NaN, true);
    record.writeSummary(r, null, l0.valueOrNull(), best);
    return r;
  }

  /**
   * Runs one training step on {@code batch} at {@code clock} (feeds the batch, the step seed
   * (seed, clock.step()) and every hyperparameter) and returns the fetched scalars. {@link #fit}
   * is a loop over this; benchmarks call it directly to time the step alone.
   *
   * @throws io.github.llr4j.core.run.RunStoppedException if the weights are not finite before the first step, or L or
   *     L_fin is not finite (the step's update and batch-norm statistics are already applied; a
   *     two-pass step restores w from its ascent first)
   */
  public StepOutcome step(Batch batch, TrainingClock clock) {
    return step.run(session, batch, clock);
  }

  @Override
  public void close() {
    release(config, flatness, trajectory, record, feeds, session, graph);
  }

  /**
   * Closes what a trainer holds (null: not made yet), every part even when an earlier one throws: a
   * listener that fails to close must not keep the folder lock or the session. The first failure is
   * thrown with the later ones suppressed.
   */
  private static void release(TrainerConfig config, FlatnessRecorder flat, TrajectoryRecorder traj, RunRecord rec,
      ScalarFeeds scalars, Session session, Graph graph) {
    List<AutoCloseable> parts = new ArrayList<>(config.listeners().size() + 6);
    for (TrainingListener li : config.listeners()) parts.add(li::close);
    if (flat != null) parts.add(flat::close);
    if (traj != null) parts.add(traj::close);
    if (rec != null) parts.add(rec::close);
    if (scalars != null) parts.add(scalars::close);
    if (session != null) parts.add(session::close);
    parts.add(graph::close);
    RuntimeException first = null;
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        if (first == null) first = e instanceof RuntimeException r ? r : new IllegalStateException(e);
        else first.addSuppressed(e);
      }
    }
    if (first != null) throw first;
  }
}
