package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.dist.DeviceReplicas;
import io.github.llr4j.core.dist.GradientExchange;
import io.github.llr4j.core.dist.Replica;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.optim.TwoPass;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.run.RunStoppedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The training step, built once into the trainer's graph: placeholders {@code input/examples
 * [-1, ...example]}, {@code input/labels [-1]} and {@code input/step_seed} (int64 [2] = (seed,
 * step), for dropout) -> model in training mode -> plain mean loss L -> {@link
 * ReshapedObjective#build} (L_fin, f') -> gradients of L_fin w.r.t. the trainable variables ->
 * the optimizer's update, grouped with the pass's batch-norm updates. An optimizer that declares a
 * second pass ({@link io.github.llr4j.core.optim.Optimizer#twoPass()}) gets the two-pass step of
 * {@link SamStep}. A run fetches only the scalars L, L_fin and f'.
 *
 * <p>A non-finite L or L_fin stops with a {@link RunStoppedException} whose advice matches the
 * cause: weights that were not finite before the first step (bad initial, restored or pretrained
 * weights) are reported as such before any step runs; a later non-finite loss names the step and
 * the fed hyperparameters and, when the learning rate is 0, does not blame it.
 */
final class TrainingStep {
  /** Offset of worker r's dropout seed (seed + r * stride); worker 0 keeps the single-process stream. */
  private static final long DROPOUT_SEED_STRIDE = 1_000_003L;
  private final TrainerConfig config;
  private final Replica replica;
  private final ScalarFeeds feeds;
  private final Placeholder<? extends TType> input;
  private final Placeholder<TInt32> labels;
  private final Placeholder<TInt64> stepSeed;
  private final Operand<TFloat32> loss;
  private final Operand<TFloat32> lossFin;
  private final Operand<TFloat32> factor;
  private final Operand<TBool> weightsFinite;
  private final List<Operand<TFloat32>> gradients;
  private final Op onePass;
  private final SamStep twoPass;
  /** Several devices: towers 1..N-1's inputs and labels (tower 0 uses {@link #input} and {@link #labels}); else empty. */
  private final List<Placeholder<? extends TType>> towerInputs = new ArrayList<>();
  private final List<Placeholder<TInt32>> towerLabels = new ArrayList<>();
  private final DeviceReplicas devices;
  private boolean weightsChecked;

  TrainingStep(Ops tf, TrainerConfig config, Model model, Class<? extends TType> inputType,
      Shape exampleShape, ScalarFeeds feeds, Hyperparameter l0, Replica replica) {
    this.config = config;
    this.replica = replica;
    this.devices = config.devices();
    this.feeds = feeds;
    Ops in = tf.withSubScope("input");
    this.input = in.withName("examples").placeholder(inputType, Placeholder.shape(Shape.of(-1).append(exampleShape)));
    this.labels = in.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    this.stepSeed = in.withName("step_seed").placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
    Ops tower0 = devices == null ? tf : tf.withDevice(devices.device(0));
    ModelContext ctx = ModelContext.training(tower0, stepSeed);
    Operand<TFloat32> local = config.loss().meanLoss(ctx, model, input, labels);
    config.extraHyperparameters().forEach(feeds::scalar);
    List<Variable<TFloat32>> params = model.trainableVariables();
    // data-parallel: L is the global batch's mean loss, so the objective (L0, f') is the global one
    GradientExchange exchange = devices != null ? devices.tower(0) : replica == null ? null : replica.exchange();
    ObjectivePass pass = ObjectivePass.build(tower0, local, labels, config.objective(), feeds, l0, params, exchange);
    // the other towers: the same pass on their rows and devices; their all-reduced gradients equal
    // tower 0's, so only tower 0's feed the one update, which waits for theirs (every collective must run)
    List<Operation> towers = new ArrayList<>();
    for (int d = 1; devices != null && d < devices.count(); d++) {
      Placeholder<? extends TType> x = in.withName("examples_" + d)
          .placeholder(inputType, Placeholder.shape(Shape.of(-1).append(exampleShape)));
      Placeholder<TInt32> y = in.withName("labels_" + d).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
      towerInputs.add(x);
      towerLabels.add(y);
      Ops td = tf.withDevice(devices.device(d)).withSubScope("tower_" + d);
      // batch-norm statistics follow tower 0, as a cluster's follow rank 0
      Operand<TFloat32> l = config.loss().meanLoss(ModelContext.trainingWithoutUpdates(td, stepSeed), model, x, y);
      for (Operand<TFloat32> g : ObjectivePass.build(td, l, y, config.objective(), feeds, l0, params,
          devices.tower(d)).gradients()) towers.add(g.op());
    }
    this.loss = tf.withName("loss").identity(pass.loss());
    ReshapedObjective.Built built = pass.built();
    // own identities: a plain objective returns L itself, and a run cannot fetch one output twice
    this.lossFin = tf.withName("loss_fin").identity(built.reshaped());
    this.factor = tf.withName("gradient_factor").identity(built.gradientFactor());
    List<Operand<TFloat32>> g = pass.gradients();
    this.gradients = List.copyOf(g);
    TwoPass second = config.optimizer().twoPass().orElse(null);
    if (second != null) {
      this.twoPass = new SamStep(tf, config.optimizer(), second, model, config.loss(), config.objective(), input,
          labels, stepSeed, feeds, l0, params, g, ctx.updates(), exchange);
      this.onePass = null;
    } else {
      Op update = config.optimizer().applyGradients(tf.withSubScope("optimizer"), params, g, feeds);
      List<Op> all = new ArrayList<>(ctx.updates());
      all.add(update);
      if (!towers.isEmpty()) all.add(tf.withControlDependencyOps(towers).withName("towers").noOp());
      this.onePass = tf.withControlDependencies(all).withName("train_step").noOp();
      this.twoPass = null;
    }
    this.weightsFinite = allFinite(tf.withSubScope("weights_finite"), params);
  }

  private static Operand<TBool> allFinite(Ops s, List<Variable<TFloat32>> params) {
    Operand<TBool> all = s.constant(true);
    for (Variable<TFloat32> p : params) {
      Operand<TFloat32> flat = s.reshape(p, s.constant(new int[] {-1}));
      all = s.math.logicalAnd(all, s.reduceAll(s.math.isFinite(flat), s.constant(0)));
    }
    return all;
  }

  /** Whether every trainable weight is finite now. */
  boolean weightsFinite(Session session) {
    try (org.tensorflow.Result r = session.runner().fetch(weightsFinite).run()) {
      return ((TBool) r.get(0)).getBoolean();
    }
  }

  /** See {@link TrainerView#gradients}: the step's gradient ops fetched, its update not run. */
  List<TFloat32> gradients(Session session, Batch batch, TrainingClock clock) {
    // the step's own inputs: an input hook (adversarial training) may change their number, as TRADES does
    Tensor inputs = config.inputHook() == null ? batch.inputs() : config.inputHook().inputs(session, batch, clock);
    try (TInt64 seedPair = TInt64.vectorOf(config.seed(), clock.step())) {
      Session.Runner r = session.runner().feed(input, inputs).feed(labels, batch.labels()).feed(stepSeed, seedPair);
      gradients.forEach(r::fetch);
      try (ScalarFeeds.Fed fed = feeds.feed(r, clock)) {
        org.tensorflow.Result out = r.run();
        List<TFloat32> g = new ArrayList<>();
        for (int i = 0; i < gradients.size(); i++) g.add((TFloat32) out.get(i));
        return g;
      }
    } finally {
      if (inputs != batch.inputs()) inputs.close();
    }
  }

  /** See {@link Trainer#step}. */
  Trainer.StepOutcome run(Session session, Batch batch, TrainingClock clock) {
    if (devices != null) return runTowers(session, batch, clock);
    if (replica == null) return runOwn(session, batch, clock, List.of());
    try (Batch own = replica.shard(batch); Replica.PeerWait w = replica.awaitingPeers()) {
      return runOwn(session, own, clock, List.of());
    } catch (TensorFlowException e) {
      throw replica.failure(e);
    }
  }

  /** Several devices: tower d is fed its rows of the batch (tower 0 through the ordinary placeholders). */
  private Trainer.StepOutcome runTowers(Session session, Batch batch, TrainingClock clock) {
    List<Batch> shards = new ArrayList<>();
    try {
      for (int d = 0; d < devices.count(); d++) shards.add(devices.shard(batch, d));
      return runOwn(session, shards.get(0), clock, shards.subList(1, shards.size()));
    } finally {
      for (Batch b : shards) b.close();
    }
  }

  private Trainer.StepOutcome runOwn(Session session, Batch batch, TrainingClock clock, List<Batch> otherTowers) {
    if (!weightsChecked) {
      if (!weightsFinite(session))
        throw new RunStoppedException("the model's weights are not finite (NaN or infinite) before step "
            + clock.step() + ", so no learning rate can help: the initial, restored or pretrained weights are bad;"
            + " start from other weights (another checkpoint or --init) or a fresh run");
      weightsChecked = true;
    }
    Tensor inputs = config.inputHook() == null ? batch.inputs() : config.inputHook().inputs(session, batch, clock);
    // each worker's rows get their own dropout masks: the same seed on every shard would repeat one mask pattern
    long seed = replica == null ? config.seed() : config.seed() + DROPOUT_SEED_STRIDE * replica.cluster().rank();
    try (TInt64 seedPair = TInt64.vectorOf(seed, clock.step())) {
      Session.Runner r = session.runner().feed(input, inputs).feed(labels, batch.labels()).feed(stepSeed, seedPair);
      for (int d = 0; d < otherTowers.size(); d++)
        r.feed(towerInputs.get(d), otherTowers.get(d).inputs()).feed(towerLabels.get(d), otherTowers.get(d).labels());
      boolean both = twoPass != null && twoPass.second.twoPassesAt(clock.step());
      Op target = twoPass == null ? onePass : both ? twoPass.ascend : twoPass.plainStore;
      try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
          org.tensorflow.Result out = r.fetch(loss).fetch(lossFin).fetch(factor).addTarget(target).run()) {
        float l = ((TFloat32) out.get(0)).getFloat();
        float fin = ((TFloat32) out.get(1)).getFloat();
        float f = ((TFloat32) out.get(2)).getFloat();
        if (!Float.isFinite(l) || !Float.isFinite(fin)) {
          RunStoppedException diverged = new RunStoppedException(divergence(l, fin, clock, fed.values()));
          // the ascent already moved w to w + e: the second pass restores w (its gradient is dropped);
          // if that pass fails too (e.g. a domain check at w + e), w stays moved and the reason is attached
          if (both) {
            try {
              runTarget(session, inputs, batch, seedPair, clock, twoPass.secondPass);
            } catch (RuntimeException e) {
              diverged.addSuppressed(e);
            }
          }
          throw diverged;
        }
        if (twoPass != null) {
          if (both) runTarget(session, inputs, batch, seedPair, clock, twoPass.secondPass);
          runTarget(session, null, null, null, clock, twoPass.apply);
        }
        return new Trainer.StepOutcome(l, fin, f, fed.values(), both ? 2 : 1);
      }
    } finally {
      if (inputs != batch.inputs()) inputs.close();
    }
  }

  /**
   * The divergence message. The loss of step k is computed on the weights after step k-1, which
   * were finite before the first step (checked), so a learning rate of 0 cannot be the cause.
   */
  private String divergence(float l, float fin, TrainingClock clock, Map<String, Double> fed) {
    Double lr = fed.getOrDefault("learning_rate", fed.get("lr"));
    String where = "training diverged: loss L = " + l + ", L_fin = " + fin + " at step " + clock.step() + " (epoch "
        + clock.epoch() + ", batch " + clock.stepInEpoch() + "); fed hyperparameters " + fed + ". ";
    String advice;
    if (lr != null && lr == 0)
      advice = "The learning rate is 0, so the updates did not cause it: check the data for non-finite values"
          + " and the reshaping and loss hyperparameters.";
    else if (Float.isFinite(l))
      advice = "L is finite but the reshaped L_fin is not: check the reshaping hyperparameters (e.g. b, L0) or lower"
          + " the learning rate.";
    else
      advice = "Lower the learning rate or check the data.";
    return where + advice + " The last checkpoint (previous epoch) is intact.";
  }

  /** Runs {@code target} for its effects only; with a batch it is fed the step's batch and seed. */
  private void runTarget(Session session, Tensor inputs, Batch batch, TInt64 seedPair, TrainingClock clock, Op target) {
    Session.Runner r = session.runner();
    if (batch != null) r.feed(input, inputs).feed(labels, batch.labels()).feed(stepSeed, seedPair);
    try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
        org.tensorflow.Result ignored = r.addTarget(target).run()) {
      // effects only
    }
  }
}
