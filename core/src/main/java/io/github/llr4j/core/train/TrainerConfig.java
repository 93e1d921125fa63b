package io.github.llr4j.core.train;

import io.github.llr4j.core.dist.DeviceReplicas;
import io.github.llr4j.core.dist.Replica;

import io.github.llr4j.core.loss.TrainingLoss;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.precision.Precision;
import io.github.llr4j.core.reshape.ReshapedObjective;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import io.github.llr4j.core.diag.traj.TrajectoryTracking;

/**
 * Everything a {@link Trainer} run needs besides its data. Create with {@link #builder}.
 *
 * @param model architecture, built once with {@code seed}
 * @param loss plain mean loss L (cross-entropy of the model's classes by default)
 * @param objective reshaping of L (plain by default)
 * @param optimizer update rule
 * @param epochs planned epochs (>= 1)
 * @param seed model initialisation and dropout seed (the data order has its own seed)
 * @param outputDir folder for metrics.jsonl, summary.json, manifest.json and checkpoint/; null
 *     writes nothing and disables checkpoints
 * @param evalMaxBatches batches of each evaluation set per evaluation, 0 = all
 * @param checkpointEveryEpoch save a checkpoint after every epoch (needs outputDir)
 * @param resume continue from outputDir/checkpoint when it exists (a fresh start when there is
 *     none; a checkpoint written with other settings is an IllegalStateException)
 * @param logInterval steps between progress lines without a console, 0 = no progress output
 * @param maxSteps stop after this many steps in total (tests), 0 = no limit
 * @param extraHyperparameters further values fed every step (names become {@code hparam/<name>})
 * @param inputHook replaces each training batch's inputs before its step (adversarial training);
 *     null trains on the batches as they are
 * @param epochMetrics metrics computed after every epoch besides the evaluation sets' loss and
 *     accuracy (e.g. robust validation accuracy); see {@link EpochMetric}
 * @param selection the rule that picks the reported epoch and optionally keeps its weights in
 *     {@code best/}; null = highest validation accuracy, nothing kept
 * @param flatness record lambda_max, Hessian trace and 1-D sharpness into metrics.jsonl every N
 *     epochs; null records none
 * @param data the identity of the training data (data set, path, sample limits, batch size,
 *     validation fraction, ...): plain JSON values, stored in the manifest and part of the
 *     configuration hash, so a resume with other data is refused naming the differing fields
 * @param trajectory record update/top-eigenvector angles, lambda_max and the loss every N steps
 *     into {@code trajectory.jsonl}; null records none
 * @param precision what the session computes in (float32 by default; bfloat16 keeps variables,
 *     loss and reshaping in float32, see {@link Precision}); part of the configuration hash only
 *     when not float32, so runs from before precisions existed resume as they were
 * @param replica makes the trainer one worker of a synchronous data-parallel run (see
 *     {@link io.github.llr4j.core.dist}); null = one process
 * @param devices several devices of this process as data-parallel replicas ({@link DeviceReplicas});
 *     null = one device
 * @param listeners observers of the run ({@link TrainingListener}, e.g. TensorBoard event files),
 *     called in this order; not part of the configuration hash
 */
public record TrainerConfig(
    ModelSpec model,
    TrainingLoss loss,
    ReshapedObjective objective,
    Optimizer optimizer,
    int epochs,
    long seed,
    Path outputDir,
    int evalMaxBatches,
    boolean checkpointEveryEpoch,
    boolean resume,
    int logInterval,
    long maxSteps,
    Map<String, Hyperparameter> extraHyperparameters,
    TrainingInputHook inputHook,
    List<EpochMetric> epochMetrics,
    Selection selection,
    FlatnessTracking flatness,
    Map<String, Object> data,
    TrajectoryTracking trajectory, Precision precision,
    Replica replica,
    DeviceReplicas devices,
    List<TrainingListener> listeners) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

  public TrainerConfig {
    if (model == null) throw new IllegalArgumentException("model must not be null");
    if (optimizer == null) throw new IllegalArgumentException("optimizer must not be null");
    if (loss == null) loss = new CrossEntropyLoss(model.classes());
    if (objective == null) objective = ReshapedObjective.plain();
    if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    if (evalMaxBatches < 0)
      throw new IllegalArgumentException("evalMaxBatches must be >= 0, got " + evalMaxBatches);
    if (logInterval < 0) throw new IllegalArgumentException("logInterval must be >= 0, got " + logInterval);
    if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
    if (outputDir == null && resume)
      throw new IllegalArgumentException("outputDir must be set to resume, got null");
    extraHyperparameters = Collections.unmodifiableMap(
        new LinkedHashMap<>(extraHyperparameters == null ? Map.of() : extraHyperparameters));
    epochMetrics = List.copyOf(epochMetrics == null ? List.of() : epochMetrics);
    if (selection == null) selection = Selection.validationAccuracy();
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
    if (precision == null) precision = Precision.FP32;
    // the Hessian products are finite differences of two gradients: bfloat16 rounding (~1e-2 of a
    // gradient) is far larger than the difference they measure
    if (precision != Precision.FP32 && (flatness != null || trajectory != null))
      throw new IllegalArgumentException("flatness and trajectory tracking must run in fp32 (their finite-difference"
          + " Hessian products drown in bfloat16 rounding), got precision " + precision.label() + "; drop them or use fp32");
    // a worker's session is opened on its server by the replica, without the bfloat16 rewrite
    if (precision != Precision.FP32 && replica != null)
      throw new IllegalArgumentException("data-parallel training runs in fp32 only so far, got precision "
          + precision.label() + "; drop --precision or train in one process");
    listeners = List.copyOf(listeners == null ? List.of() : listeners);
    // a listener's probes (TensorBoard's gradient histograms) would run the all-reduce on one worker
    if (replica != null && !listeners.isEmpty())
      throw new IllegalArgumentException("listeners (TensorBoard event files) are not supported in data-parallel"
          + " training yet; train without them (--tensorboard none) or in one process");
    if (devices != null) {
      String other = replica != null ? "a cluster replica" : inputHook != null ? "an input hook (adversarial training)"
          : optimizer.twoPass().isPresent() ? "a two-pass optimizer (SAM)" : precision != Precision.FP32
          ? "precision " + precision.label() : !listeners.isEmpty() ? "listeners (TensorBoard)" : null;
      if (other != null)
        throw new IllegalArgumentException("several devices per process are supported for one-pass training only so"
            + " far, got " + devices + " with " + other + "; train on one device or drop it");
    }
    if (selection.keepCheckpoint() && outputDir == null)
      throw new IllegalArgumentException("outputDir must be set to keep the selected epoch's checkpoint, got null");
  }

  public static Builder builder(ModelSpec model, Optimizer optimizer) {
    return new Builder(model, optimizer);
  }

  /** Settings as plain values for manifests, summaries and the checkpoint's config hash. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model.name());
    out.put("model_spec", model.toString());
    out.put("classes", model.classes());
    out.put("loss", loss.toString());
    out.put("objective", objective.describe());
    out.put("optimizer", optimizer.name());
    out.put("optimizer_settings", optimizer.toString());
    out.put("epochs", epochs);
    out.put("seed", seed);
    out.put("eval_max_batches", evalMaxBatches);
    out.put("max_steps", maxSteps);
    Map<String, Object> extra = new LinkedHashMap<>();
    extraHyperparameters.forEach((k, v) -> extra.put(k, v.toString()));
    out.put("extra_hyperparameters", extra);
    if (inputHook != null) out.put("input_hook", inputHook.describe());
    if (!epochMetrics.isEmpty()) out.put("epoch_metrics", epochMetrics.stream().map(EpochMetric::describe).toList());
    out.put("selection", selection.rule() + (selection.keepCheckpoint() ? " (checkpoint kept in best/)" : ""));
    if (flatness != null) out.put("flatness_tracking", flatness.toString());
    if (trajectory != null) out.put("trajectory_tracking", trajectory.toString());
    if (!data.isEmpty()) out.put("data", data);
    if (precision != Precision.FP32) out.put("precision", precision.label());
    if (replica != null)
    {
      Map<String, Object> dp = new LinkedHashMap<>(); // ordered: this map is hashed
      dp.put("workers", replica.cluster().size());
      dp.put("timeout_s", replica.timeout().toSeconds());
      out.put("data_parallel", dp);
    }
    if (devices != null) out.put("devices", devices.toString());
    return out;
  }

  /** Builder; every setter validates through the record's constructor at {@link #build}. */
  public static final class Builder {
    private final ModelSpec model;
    private final Optimizer optimizer;
    private TrainingLoss loss;
    private ReshapedObjective objective;
    private int epochs = 1;
    private long seed = 0;
    private Path outputDir;
    private int evalMaxBatches = 0;
    private boolean checkpointEveryEpoch = true;
    private boolean resume = false;
    private int logInterval = 50;
    private long maxSteps = 0;
    private final Map<String, Hyperparameter> extra = new LinkedHashMap<>();
    private TrainingInputHook inputHook;
    private final List<EpochMetric> epochMetrics = new ArrayList<>();
    private Selection selection;
    private FlatnessTracking flatness;
    private TrajectoryTracking trajectory;
    private Replica replica;
    private DeviceReplicas devices;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private Precision precision = Precision.FP32;
    private final List<TrainingListener> listeners = new ArrayList<>();

    private Builder(ModelSpec model, Optimizer optimizer) {
      this.model = model;
      this.optimizer = optimizer;
    }

    public Builder loss(TrainingLoss v) { loss = v; return this; }
    public Builder objective(ReshapedObjective v) { objective = v; return this; }

    public Builder epochs(int v) {
      if (v < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + v);
      epochs = v;
      return this;
    }

    public Builder seed(long v) { seed = v; return this; }
    public Builder outputDir(Path v) { outputDir = v; return this; }

    public Builder evalMaxBatches(int v) {
      if (v < 0) throw new IllegalArgumentException("evalMaxBatches must be >= 0, got " + v);
      evalMaxBatches = v;
      return this;
    }

    public Builder checkpointEveryEpoch(boolean v) { checkpointEveryEpoch = v; return this; }
    public Builder resume(boolean v) { resume = v; return this; }

    public Builder logInterval(int v) {
      if (v < 0) throw new IllegalArgumentException("logInterval must be >= 0, got " + v);
      logInterval = v;
      return this;
    }

    public Builder maxSteps(long v) {
      if (v < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + v);
      maxSteps = v;
      return this;
    }

    /** Replaces each training batch's inputs before its step (e.g. PGD adversarial training). */
    public Builder inputHook(TrainingInputHook v) { inputHook = v; return this; }

    /** Adds a metric computed after every epoch (e.g. robust validation accuracy). */
    public Builder epochMetric(EpochMetric v) {
      if (v == null) throw new IllegalArgumentException("epoch metric must not be null");
      epochMetrics.add(v);
      return this;
    }

    /** The rule that selects the reported (and optionally kept) epoch; default max val_accuracy. */
    public Builder selection(Selection v) { selection = v; return this; }

    /** Records flatness measures into metrics.jsonl (null: none). */
    public Builder flatness(FlatnessTracking v) { flatness = v; return this; }

    /** Records trajectory samples into trajectory.jsonl (null: none). */
    public Builder trajectory(TrajectoryTracking v) { trajectory = v; return this; }
    /**
     * Makes this trainer one worker of a synchronous data-parallel run (null = one process); see
     * {@link Trainer} and {@link io.github.llr4j.core.dist}.
     */
    public Builder replica(Replica v) { replica = v; return this; }
    /** One data-parallel replica per device of this process (null = one device); see {@link DeviceReplicas}. */
    public Builder devices(DeviceReplicas v) { devices = v; return this; }
    /** Adds an observer of the run (e.g. TensorBoard event files); called in the order added. */
    public Builder listener(TrainingListener v) {
      if (v == null) throw new IllegalArgumentException("listener must not be null");
      listeners.add(v);
      return this;
    }

    /** Adds a field of the data identity (see {@link TrainerConfig#data}); values must be JSON values. */
    public Builder data(String key, Object value) {
      if (key == null || !NAME.matcher(key).matches())
        throw new IllegalArgumentException("data key must match " + NAME.pattern() + ", got '" + key + "'");
      data.put(key, value);
      return this;
    }

    public Builder hyperparameter(String name, Hyperparameter value) {
      if (name == null || !NAME.matcher(name).matches())
        throw new IllegalArgumentException("hyperparameter name must match " + NAME.pattern() + ", got '" + name + "'");
      if (value == null) throw new IllegalArgumentException("hyperparameter '" + name + "' must not be null");
      extra.put(name, value);
      return this;
    }

    /** The precision the session computes in (default float32). */
    public Builder precision(Precision v) {
      if (v == null) throw new IllegalArgumentException("precision must not be null (fp32 or bf16)");
      precision = v;
      return this;
    }

    public TrainerConfig build() {
      return new TrainerConfig(model, loss, objective, optimizer, epochs, seed, outputDir,
          evalMaxBatches, checkpointEveryEpoch, resume, logInterval, maxSteps, extra, inputHook,
          epochMetrics, selection, flatness, data, trajectory, precision, replica, devices, listeners);
    }
  }
}
