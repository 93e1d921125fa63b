package io.github.llr4j.core.train;

import io.github.llr4j.core.dist.GradientExchange;

import io.github.llr4j.core.loss.TrainingLoss;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.optim.TwoPass;
import io.github.llr4j.core.reshape.ReshapedObjective;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * The two-pass training step of an optimizer that declares {@link Optimizer#twoPass()} (SAM,
 * ASAM), built into the trainer's graph by {@link TrainingStep}. Three
 * targets, run in separate session runs so that their order is explicit:
 *
 * <ol>
 *   <li>{@link #ascend} (SAM steps): the first pass at w in training mode with its batch-norm
 *       updates, g1 = grad L_fin(w), then w saved and moved to w + e; or {@link #plainStore}
 *       (the other steps of an interval): the same pass and updates, g1 kept as the step's gradient;
 *   <li>{@link #secondPass} (SAM steps): g2 = grad L_fin(w + e) in training mode <i>without</i>
 *       state updates (batch statistics of the batch, moving statistics untouched), w restored
 *       exactly, g2 kept as the step's gradient;
 *   <li>{@link #apply}: the base optimizer's update with the kept gradient.
 * </ol>
 *
 * So the moving statistics are updated once per step, by the pass at w, as in the reference
 * PyTorch implementation (davda54/sam disables them in the second pass). The kept gradient lives
 * in state variables {@code sam_step/gradient/...} because one optimizer (one set of momentum
 * buffers) must consume either g1 or g2.
 */
final class SamStep {
  final TwoPass second;
  final Op plainStore;
  final Op ascend;
  final Op secondPass;
  final Op apply;

  SamStep(Ops tf, Optimizer optimizer, TwoPass twoPass, Model model, TrainingLoss loss, ReshapedObjective objective,
      Placeholder<? extends TType> input, Placeholder<TInt32> labels, Placeholder<TInt64> stepSeed,
      ScalarFeeds feeds, Hyperparameter l0, List<Variable<TFloat32>> params,
      List<Operand<TFloat32>> firstGradients, List<Op> stateUpdates, GradientExchange replica) {
    this.second = twoPass;
    Ops s = tf.withSubScope("sam_step");
    Ops bufScope = s.withSubScope("gradient");
    List<Variable<TFloat32>> kept = new ArrayList<>();
    for (Variable<TFloat32> p : params) {
      Ops init = bufScope.withInitScope();
      kept.add(bufScope.withName(p.op().name().replace('/', '.'))
          .variable(init.zeros(init.constant(p.shape().asArray()), TFloat32.class)));
    }
    List<Op> first = new ArrayList<>(stateUpdates);
    for (int i = 0; i < params.size(); i++) first.add(s.assign(kept.get(i), firstGradients.get(i)));
    this.plainStore = s.withControlDependencies(first).withName("plain_store").noOp();

    Sam.Perturbation<TFloat32> p = twoPass.perturb(s, params, firstGradients, feeds);
    List<Op> up = new ArrayList<>(stateUpdates);
    up.add(p.ascend());
    this.ascend = s.withControlDependencies(up).withName("ascend").noOp();

    Ops second = s.withSubScope("second_pass");
    ModelContext ctx = ModelContext.trainingWithoutUpdates(second, stepSeed);
    Operand<TFloat32> lossB = loss.meanLoss(ctx, model, input, labels);
    // data-parallel: g2 is the global batch's gradient at w + e, like g1 (e is then the same everywhere)
    List<Operand<TFloat32>> g2 =
        ObjectivePass.build(second, lossB, labels, objective, feeds, l0, params, replica).gradients();
    List<Op> secondOps = new ArrayList<>();
    secondOps.add(p.restore(g2));
    for (int i = 0; i < params.size(); i++) secondOps.add(s.assign(kept.get(i), g2.get(i)));
    this.secondPass = s.withControlDependencies(secondOps).withName("second").noOp();

    List<Operand<TFloat32>> reads = new ArrayList<>();
    for (Variable<TFloat32> k : kept) reads.add(s.identity(k));
    this.apply = optimizer.applyGradients(tf.withSubScope("optimizer"), params, reads, feeds);
  }
}
