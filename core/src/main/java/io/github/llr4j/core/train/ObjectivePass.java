package io.github.llr4j.core.train;

import io.github.llr4j.core.dist.GradientExchange;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.reshape.ReshapedObjective;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One forward-backward pass's objective and gradients from a pass's plain mean loss: L, the
 * reshaped objective built on L, and grad L_fin. In a data-parallel run ({@code replica} set) L is
 * the global batch's mean loss and the gradients are summed over the workers with each worker's
 * weight n_r / n (see {@link GradientExchange}; a process of a cluster or a device of this one); otherwise L is the
 * local loss.
 */
record ObjectivePass(Operand<TFloat32> loss, ReshapedObjective.Built built, List<Operand<TFloat32>> gradients) {

  static ObjectivePass build(Ops tf, Operand<TFloat32> local, Operand<TInt32> labels, ReshapedObjective objective,
      ScalarFeeds feeds, Hyperparameter l0, List<Variable<TFloat32>> params, GradientExchange replica) {
    if (replica == null) {
      ReshapedObjective.Built built = objective.build(tf, local, feeds, l0);
      return new ObjectivePass(local, built, built.parameterGradients(tf.withSubScope("gradients"), local, params));
    }
    GradientExchange.GlobalLoss global = replica.globalLoss(tf, local, labels);
    ReshapedObjective.Built built = objective.build(tf, global.loss(), feeds, l0);
    // grad L_fin = f'(L) sum_r (n_r/n) grad L_r: each worker back-propagates its own loss with dy = f' n_r/n
    ReshapedObjective.Built weighted =
        new ReshapedObjective.Built(built.reshaped(), tf.math.mul(built.gradientFactor(), global.weight()));
    List<Operand<TFloat32>> own = weighted.parameterGradients(tf.withSubScope("gradients"), local, params);
    return new ObjectivePass(global.loss(), built, replica.sumGradients(tf, own, params));
  }
}
