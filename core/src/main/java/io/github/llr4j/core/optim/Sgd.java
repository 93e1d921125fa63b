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
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.family.TNumber;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and coupled weight decay,
 * with the semantics of PyTorch's {@code torch.optim.SGD} (dampening 0). Per parameter {@code w}
 * with gradient {@code g}, every step:
 *
 * <pre>
 *   g   = g + weightDecay * w                   (coupled L2, skipped when weightDecay = 0)
 *   buf = g at the first step, else momentum * buf + g
 *   d   = nesterov ? g + momentum * buf : buf   (d = g when momentum = 0: plain SGD)
 *   w   = w - lr * d
 * </pre>
 *
 * <p>Built on {@code ApplyGradientDescent} (momentum 0) and {@code ApplyMomentum}: the latter's
 * accumulator starts at 0, so its first step {@code 0 * momentum + g = g} is PyTorch's
 * initialisation of the buffer to the first gradient. The learning rate is fed each step through
 * {@link ScalarFeeds} under the name {@code lr}; the other settings are graph constants.
 *
 * <p>State: one momentum buffer per parameter, a reference variable ({@code VariableV2}) named
 * {@code sgd/momentum/<parameter name>} ('/' as '.'), saved and restored by
 * {@code Session.save}/{@code restore}. Every write waits for every gradient of the step.
 *
 * @param learningRate the step size, a constant or a schedule (see {@link io.github.llr4j.core.hparam.Schedule})
 * @param momentum in [0, 1); 0 gives plain SGD without state
 * @param nesterov Nesterov momentum; needs momentum > 0
 * @param weightDecay coupled L2 coefficient, >= 0
 */
public record Sgd(
    Hyperparameter learningRate, double momentum, boolean nesterov, double weightDecay)
    implements Optimizer {

  /** Name of the fed learning rate. */
  public static final String LR = "lr";

  public Sgd {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("momentum", momentum);
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException(
          "nesterov needs momentum > 0, got momentum " + momentum
              + "; set a momentum or drop nesterov");
    }
    Require.nonNegative("weightDecay", weightDecay);
  }

  /** Plain SGD: {@code w -= lr * g}. */
  public static Sgd plain(Hyperparameter learningRate) {
    return new Sgd(learningRate, 0, false, 0);
  }

  /** Heavy-ball momentum with coupled weight decay (the CIFAR recipe: 0.9, 5e-4). */
  public static Sgd momentum(Hyperparameter learningRate, double momentum, double weightDecay) {
    return new Sgd(learningRate, momentum, false, weightDecay);
  }

  /** Nesterov momentum with coupled weight decay. */
  public static Sgd nesterov(Hyperparameter learningRate, double momentum, double weightDecay) {
    return new Sgd(learningRate, momentum, true, weightDecay);
  }

  @Override
  public String name() {
    return "sgd";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    return build(name(), tf, params, gradients, feeds);
  }

  /**
   * The update under the sub-scope {@code scopeName}, which names the state variables
   * ({@code <scopeName>/momentum/...}); {@link GafSgd} keeps its checkpoint names this way.
   */
  <T extends TNumber> Op build(
      String scopeName, Ops tf, List<Variable<T>> params, List<Operand<T>> gradients,
      ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    Ops scope = tf.withSubScope(scopeName);
    Operand<T> lr = feeds.scalar(LR, learningRate, type);
    Operand<T> mu = UpdateGraph.scalar(scope, momentum, type);
    Operand<T> wd = UpdateGraph.scalar(scope, weightDecay, type);
    Ops after = UpdateGraph.afterGradients(scope, gradients);
    Ops slots = momentum > 0 ? scope.withSubScope("momentum") : null;
    List<Op> updates = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      Variable<T> w = params.get(i);
      Operand<T> g = gradients.get(i);
      if (weightDecay > 0) {
        g = after.math.add(g, after.math.mul(wd, w));
      }
      if (momentum == 0) {
        updates.add(after.train.applyGradientDescent(w, lr, g));
      } else {
        Variable<T> buf = UpdateGraph.zerosLike(slots, w);
        updates.add(
            after.train.applyMomentum(w, buf, lr, g, mu, ApplyMomentum.useNesterov(nesterov)));
      }
    }
    return scope.withControlDependencies(updates).withName("update").noOp();
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("sgd(lr=").append(learningRate);
    if (momentum > 0) s.append(nesterov ? ", nesterov=" : ", momentum=").append(momentum);
    if (weightDecay > 0) s.append(", wd=").append(weightDecay);
    return s.append(')').toString();
  }
}
