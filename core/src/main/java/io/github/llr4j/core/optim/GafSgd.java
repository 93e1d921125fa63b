package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * Momentum SGD with a gradient activation {@code phi} (spec section 5), coupled weight decay as in
 * PyTorch's SGD. Per parameter w with gradient g, every step, for the two SGD placements:
 *
 * <pre>
 *   GRADIENT (on the raw gradient, before momentum):
 *     d   = phi(g) + weightDecay * w
 *     buf = d at the first step, else momentum * buf + d
 *     w   = w - lr * buf
 *   MOMENTUM_UPDATE (on the momentum update):
 *     d   = g + weightDecay * w
 *     buf = d at the first step, else momentum * buf + d
 *     w   = w - lr * phi(buf)
 * </pre>
 *
 * Choice where the spec is silent: the decay term is added after the activation (GRADIENT), so
 * weight decay keeps its usual strength. With momentum 0 the buffer is d itself. The learning rate
 * is fed as {@code lr}. State: {@code gaf_sgd/momentum/<param>} (zero-initialised, so the first
 * step's {@code momentum * 0 + d} is PyTorch's initialisation to d).
 *
 * <p>GRADIENT is the activation composed with {@link Sgd}, exactly
 * {@code activation.then(Sgd.momentum(learningRate, momentum, weightDecay))} (see
 * {@link GradientTransform}) with the state under {@code gaf_sgd/}; MOMENTUM_UPDATE acts inside
 * the update and has its own graph.
 *
 * @param learningRate step size, constant or schedule
 * @param momentum in [0, 1)
 * @param weightDecay coupled L2 coefficient, >= 0
 * @param activation phi, {@link GradientActivation#sgdDefault()} (0.3, 4.5) in the spec
 * @param placement where phi acts
 */
public record GafSgd(Hyperparameter learningRate, double momentum, double weightDecay,
    GradientActivation activation, Placement placement) implements Optimizer {

  /** Where the activation acts. */
  public enum Placement { GRADIENT, MOMENTUM_UPDATE }

  public GafSgd {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("momentum", momentum);
    Require.nonNegative("weightDecay", weightDecay);
    Require.notNull("activation", activation, "; e.g. GradientActivation.sgdDefault()");
    Require.notNull("placement", placement, " (GRADIENT or MOMENTUM_UPDATE)");
  }

  @Override
  public String name() {
    return "gaf_sgd";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    if (placement == Placement.GRADIENT) {
      // GAF composed with SGD (GradientActivation.then(Sgd)), state under this optimizer's name
      List<Operand<T>> activated =
          activation.apply(tf.withSubScope(name() + "_activation"), params, gradients, type);
      return new Sgd(learningRate, momentum, false, weightDecay)
          .build(name(), tf, params, activated, feeds);
    }
    // phi acts on the momentum buffer, inside the update: no gradient transformation can do that
    Ops scope = tf.withSubScope(name());
    Operand<T> lr = feeds.scalar(Sgd.LR, learningRate, type);
    Operand<T> mu = UpdateGraph.scalar(scope, momentum, type);
    Operand<T> wd = UpdateGraph.scalar(scope, weightDecay, type);
    Ops after = UpdateGraph.afterGradients(scope, gradients);
    Ops slots = scope.withSubScope("momentum");
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Variable<T> w = params.get(i);
      Operand<T> d = gradients.get(i);
      if (weightDecay > 0) d = after.math.add(d, after.math.mul(wd, w));
      Operand<T> buf = d;
      if (momentum > 0) {
        Variable<T> b = UpdateGraph.zerosLike(slots, w);
        buf = after.assign(b, after.math.add(after.math.mul(mu, b), d));
      }
      updates.add(after.assignSub(w, after.math.mul(lr, activation.apply(after, buf, type))));
    }
    return scope.withControlDependencies(updates).withName("update").noOp();
  }

  @Override
  public String toString() {
    return "gaf_sgd(lr=" + learningRate + ", momentum=" + momentum + ", wd=" + weightDecay + ", alpha="
        + activation.alpha() + ", beta=" + activation.beta() + ", on " + placement.name().toLowerCase() + ")";
  }
}
