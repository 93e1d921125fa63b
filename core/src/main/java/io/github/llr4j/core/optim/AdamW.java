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
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019) with PyTorch's
 * {@code torch.optim.AdamW} semantics: every step first shrinks the weights, then takes a plain
 * {@link Adam} step on the unchanged gradient:
 *
 * <pre>
 *   t = t + 1
 *   w = w * (1 - lr * weightDecay)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * <p>The decay is multiplied by the fed learning rate, so it follows the schedule (as in PyTorch,
 * unlike the paper's separate multiplier). The gradient is the one computed before the decay: the
 * decay waits for every gradient of the step. State as in {@link Adam}, under {@code adamw/}.
 *
 * @param learningRate the step size, a constant or a schedule (see {@link io.github.llr4j.core.hparam.Schedule})
 * @param beta1 first-moment decay in [0, 1), PyTorch default 0.9
 * @param beta2 second-moment decay in [0, 1), PyTorch default 0.999
 * @param epsilon added to the bias-corrected root of v, > 0, PyTorch default 1e-8
 * @param weightDecay decoupled decay coefficient, >= 0, PyTorch default 0.01
 */
public record AdamW(
    Hyperparameter learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    implements Optimizer {

  public AdamW {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("beta1", beta1);
    Require.fraction("beta2", beta2);
    Require.positive("epsilon", epsilon);
    Require.nonNegative("weightDecay", weightDecay);
  }

  /** PyTorch's defaults with the given decay: betas (0.9, 0.999), eps 1e-8. */
  public static AdamW of(Hyperparameter learningRate, double weightDecay) {
    return new AdamW(learningRate, 0.9, 0.999, 1e-8, weightDecay);
  }

  @Override
  public String name() {
    return "adamw";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    return AdamGraph.build(
        tf, name(), params, gradients, feeds, learningRate, beta1, beta2, epsilon, weightDecay,
        true);
  }

  @Override
  public String toString() {
    return "adamw(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
        + ", wd=" + weightDecay + ")";
  }
}
