package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * Adam with the gradient activation inside (spec section 5, third placement): the activated
 * gradient {@code phi(g) = alpha * atan(beta * g)} replaces g in {@link Adam}'s update (PyTorch
 * semantics, bias-corrected, coupled weight decay added after the activation):
 *
 * <pre>
 *   d = phi(g) + weightDecay * w
 *   m = beta1 m + (1 - beta1) d,  v = beta2 v + (1 - beta2) d^2
 *   w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * This is the activation composed with {@link Adam} ({@code activation.then(new Adam(...))}, see
 * {@link GradientTransform}), with the state as Adam's under {@code gaf_adam/}.
 *
 * @param activation phi, {@link GradientActivation#adamDefault()} (0.1, 15) in the spec
 */
public record GafAdam(Hyperparameter learningRate, double beta1, double beta2, double epsilon,
    double weightDecay, GradientActivation activation) implements Optimizer {

  public GafAdam {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("beta1", beta1);
    Require.fraction("beta2", beta2);
    Require.positive("epsilon", epsilon);
    Require.nonNegative("weightDecay", weightDecay);
    Require.notNull("activation", activation, "; e.g. GradientActivation.adamDefault()");
  }

  /** PyTorch's Adam defaults with the spec's activation (0.1, 15). */
  public static GafAdam of(Hyperparameter learningRate) {
    return new GafAdam(learningRate, 0.9, 0.999, 1e-8, 0, GradientActivation.adamDefault());
  }

  @Override
  public String name() {
    return "gaf_adam";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    List<Operand<T>> activated =
        activation.apply(tf.withSubScope(name() + "_activation"), params, gradients, type);
    return AdamGraph.build(tf, name(), params, activated, feeds, learningRate, beta1, beta2, epsilon, weightDecay, false);
  }

  @Override
  public String toString() {
    return "gaf_adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
        + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ", alpha=" + activation.alpha() + ", beta=" + activation.beta() + ")";
  }
}
