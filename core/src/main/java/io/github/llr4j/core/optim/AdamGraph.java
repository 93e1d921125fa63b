package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * The update graph {@link Adam} and {@link AdamW} share.
 *
 * <p>Order inside one run: every gradient, then {@code t += 1} (an int64 variable), then the bias
 * corrections of the new {@code t}, then (AdamW) the decay {@code w *= 1 - lr * wd}, then
 * {@code ApplyAdam}. The scalars {@code beta^t}, {@code sqrt(1 - beta2^t)} and {@code 1 - lr * wd}
 * are computed in float64 like PyTorch's host-side arithmetic and cast to the parameter type.
 *
 * <p>{@code ApplyAdam} computes {@code w -= lr * sqrt(1-b2^t)/(1-b1^t) * m / (sqrt(v) + eps')}.
 * Feeding {@code eps' = eps * sqrt(1 - b2^t)} turns this into exactly PyTorch's
 * {@code w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)}, where a plain {@code eps' = eps}
 * would put eps inside the bias correction (TensorFlow's "epsilon hat" variant).
 */
final class AdamGraph {

  private AdamGraph() {}

  static <T extends TNumber> Op build(
      Ops tf,
      String name,
      List<Variable<T>> params,
      List<Operand<T>> gradients,
      ScalarFeeds feeds,
      Hyperparameter learningRate,
      double beta1,
      double beta2,
      double epsilon,
      double weightDecay,
      boolean decoupled) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    Ops scope = tf.withSubScope(name);
    Operand<TFloat64> lr64 = feeds.scalar(Sgd.LR, learningRate);
    Ops after = UpdateGraph.afterGradients(scope, gradients);

    Variable<TInt64> step =
        scope.withName("step").variable(scope.withInitScope().constant(0L));
    Operand<TInt64> t = after.withName("increment").assignAdd(step, scope.constant(1L));
    Operand<TFloat64> t64 = scope.dtypes.cast(t, TFloat64.class);
    Operand<TFloat64> b1Power = scope.math.pow(scope.constant(beta1), t64);
    Operand<TFloat64> b2Power = scope.math.pow(scope.constant(beta2), t64);
    Operand<TFloat64> epsHat =
        scope.math.mul(
            scope.constant(epsilon), scope.math.sqrt(scope.math.sub(scope.constant(1.0), b2Power)));

    Operand<T> lr = UpdateGraph.cast(scope, lr64, type);
    Operand<T> b1PowerT = UpdateGraph.cast(scope, b1Power, type);
    Operand<T> b2PowerT = UpdateGraph.cast(scope, b2Power, type);
    Operand<T> epsT = UpdateGraph.cast(scope, epsHat, type);
    Operand<T> b1 = UpdateGraph.scalar(scope, beta1, type);
    Operand<T> b2 = UpdateGraph.scalar(scope, beta2, type);
    Operand<T> wd = UpdateGraph.scalar(scope, weightDecay, type);
    Operand<T> keep =
        decoupled
            ? UpdateGraph.cast(
                scope,
                scope.math.sub(
                    scope.constant(1.0), scope.math.mul(lr64, scope.constant(weightDecay))),
                type)
            : null;

    Ops firstMoments = scope.withSubScope("m");
    Ops secondMoments = scope.withSubScope("v");
    List<Op> updates = new ArrayList<>(params.size());
    for (int i = 0; i < params.size(); i++) {
      Variable<T> w = params.get(i);
      Operand<T> g = gradients.get(i);
      Ops apply = after;
      if (weightDecay > 0 && !decoupled) {
        g = after.math.add(g, after.math.mul(wd, w));
      } else if (weightDecay > 0) {
        Op decay = after.assign(w, after.math.mul(w, keep));
        apply = scope.withControlDependencies(List.of(decay));
      }
      Variable<T> m = UpdateGraph.zerosLike(firstMoments, w);
      Variable<T> v = UpdateGraph.zerosLike(secondMoments, w);
      updates.add(apply.train.applyAdam(w, m, v, b1PowerT, b2PowerT, lr, b1, b2, epsT, g));
    }
    return scope.withControlDependencies(updates).withName("update").noOp();
  }
}
