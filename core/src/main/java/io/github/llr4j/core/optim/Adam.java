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
 * Adam (Kingma and Ba 2015) with PyTorch's {@code torch.optim.Adam} semantics, including its
 * coupled {@code weight_decay}. Per parameter {@code w} with gradient {@code g}, every step:
 *
 * <pre>
 *   t = t + 1                                   (first, so step 1 is already bias-corrected)
 *   g = g + weightDecay * w                     (coupled L2, skipped when weightDecay = 0)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w = w - lr * (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + epsilon)
 * </pre>
 *
 * <p>The learning rate is fed each step under the name {@code lr}. State: the step count
 * {@code adam/step} (int64) and the moments {@code adam/m/<parameter>}, {@code adam/v/<parameter>},
 * all reference variables ({@code VariableV2}) that {@code Session.save}/{@code restore}
 * checkpoint. No AMSGrad. See {@link AdamW} for decoupled weight decay.
 *
 * @param learningRate the step size, a constant or a schedule (see {@link io.github.llr4j.core.hparam.Schedule})
 * @param beta1 first-moment decay in [0, 1), PyTorch default 0.9
 * @param beta2 second-moment decay in [0, 1), PyTorch default 0.999
 * @param epsilon added to the bias-corrected root of v, > 0, PyTorch default 1e-8
 * @param weightDecay coupled L2 coefficient, >= 0
 */
public record Adam(
    Hyperparameter learningRate, double beta1, double beta2, double epsilon, double weightDecay)
    implements Optimizer {

  public Adam {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("beta1", beta1);
    Require.fraction("beta2", beta2);
    Require.positive("epsilon", epsilon);
    Require.nonNegative("weightDecay", weightDecay);
  }

  /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
  public static Adam of(Hyperparameter learningRate) {
    return new Adam(learningRate, 0.9, 0.999, 1e-8, 0);
  }

  @Override
  public String name() {
    return "adam";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    return AdamGraph.build(
        tf, name(), params, gradients, feeds, learningRate, beta1, beta2, epsilon, weightDecay,
        false);
  }

  @Override
  public String toString() {
    return "adam(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
        + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ")";
  }
}
