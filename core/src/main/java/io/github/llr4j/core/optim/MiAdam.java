package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TNumber;

/**
 * MIAdam-k (k = 1, 2, 3), exactly as spec section 5 states: Adam whose first {@code subEpoch}
 * epochs step along a k-fold leaky integral of the first moment, plain Adam afterwards. Per
 * parameter w with gradient g, every step (t counted from 1):
 *
 * <pre>
 *   d   = g + weightDecay * w                           (coupled, as PyTorch's Adam)
 *   m   = beta1 m + (1 - beta1) d,   v = beta2 v + (1 - beta2) d^2
 *   den = sqrt(v) / sqrt(1 - beta2^t) + epsilon
 *   b_1 = kappa b_1 + m,  b_2 = kappa b_2 + b_1,  ...,  b_k = kappa b_k + b_(k-1)
 *   epoch &lt; subEpoch:  w = w - lr^(k+1) * b_k / ((1 - beta1^t) den)
 *   otherwise:         w = w - lr * m / ((1 - beta1^t) den)
 * </pre>
 *
 * The integrals are updated every step (they only act during the first phase). lr is fed as
 * {@code lr}, the epoch as {@code miadam_epoch}; lr^(k+1) and the bias corrections are computed in
 * float64. State: {@code miadam/step} (int64), {@code miadam/m|v|b1..bk/<param>}.
 *
 * @param k integral order, 1 to 3
 * @param kappa leak of the integrals, in [0, 1) (spec default 0.98)
 * @param subEpoch epochs of the integral phase, >= 0 (spec default 20)
 */
public record MiAdam(Hyperparameter learningRate, double beta1, double beta2, double epsilon,
    double weightDecay, int k, double kappa, int subEpoch) implements Optimizer {

  /** Name of the fed epoch. */
  public static final String EPOCH = "miadam_epoch";

  public MiAdam {
    UpdateGraph.learningRate(learningRate);
    Require.fraction("beta1", beta1);
    Require.fraction("beta2", beta2);
    Require.positive("epsilon", epsilon);
    Require.nonNegative("weightDecay", weightDecay);
    Require.that(k >= 1 && k <= 3, "k", "be 1, 2 or 3", k);
    Require.fraction("kappa", kappa);
    Require.atLeast("subEpoch", subEpoch, 0);
  }

  /** MIAdam-k with Adam's defaults and the spec's kappa 0.98, subEpoch 20. */
  public static MiAdam of(Hyperparameter learningRate, int k) {
    return new MiAdam(learningRate, 0.9, 0.999, 1e-8, 0, k, 0.98, 20);
  }

  /** The epoch of the clock, fed so the phase switch needs no graph rebuild. */
  record EpochOfClock() implements Hyperparameter {
    @Override
    public double valueAt(TrainingClock clock) {
      return clock.epoch();
    }
  }

  @Override
  public String name() {
    return "miadam";
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    Ops scope = tf.withSubScope(name());
    Operand<TFloat64> lr64 = feeds.scalar(Sgd.LR, learningRate);
    Operand<TFloat64> epoch = feeds.scalar(EPOCH, new EpochOfClock());
    Operand<TBool> integral = scope.math.less(epoch, scope.constant((double) subEpoch));
    Ops after = UpdateGraph.afterGradients(scope, gradients);
    Variable<TInt64> step = scope.withName("step").variable(scope.withInitScope().constant(0L));
    Operand<TFloat64> t = scope.dtypes.cast(after.withName("increment").assignAdd(step, scope.constant(1L)), TFloat64.class);
    Operand<TFloat64> one = scope.constant(1.0);
    Operand<TFloat64> bc1 = scope.math.sub(one, scope.math.pow(scope.constant(beta1), t));
    Operand<TFloat64> sqrtBc2 = scope.math.sqrt(scope.math.sub(one, scope.math.pow(scope.constant(beta2), t)));
    Operand<T> integralRate = UpdateGraph.cast(scope, scope.math.div(scope.math.pow(lr64, scope.constant(k + 1.0)), bc1), type);
    Operand<T> adamRate = UpdateGraph.cast(scope, scope.math.div(lr64, bc1), type);
    Operand<T> sqrtBc2T = UpdateGraph.cast(scope, sqrtBc2, type);
    Operand<T> b1 = UpdateGraph.scalar(scope, beta1, type), b2 = UpdateGraph.scalar(scope, beta2, type);
    Operand<T> c1 = UpdateGraph.scalar(scope, 1 - beta1, type), c2 = UpdateGraph.scalar(scope, 1 - beta2, type);
    Operand<T> kap = UpdateGraph.scalar(scope, kappa, type), eps = UpdateGraph.scalar(scope, epsilon, type);
    Operand<T> wd = UpdateGraph.scalar(scope, weightDecay, type);
    Ops ms = scope.withSubScope("m"), vs = scope.withSubScope("v");
    List<Ops> bs = new ArrayList<>();
    for (int i = 1; i <= k; i++) bs.add(scope.withSubScope("b" + i));
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Variable<T> w = params.get(i);
      Operand<T> d = gradients.get(i);
      if (weightDecay > 0) d = after.math.add(d, after.math.mul(wd, w));
      Variable<T> m = UpdateGraph.zerosLike(ms, w), v = UpdateGraph.zerosLike(vs, w);
      Operand<T> mNew = after.assign(m, after.math.add(after.math.mul(b1, m), after.math.mul(c1, d)));
      Operand<T> vNew = after.assign(v, after.math.add(after.math.mul(b2, v), after.math.mul(c2, after.math.square(d))));
      Operand<T> den = after.math.add(after.math.div(after.math.sqrt(vNew), sqrtBc2T), eps);
      Operand<T> acc = mNew;
      for (Ops b : bs) {
        Variable<T> bi = UpdateGraph.zerosLike(b, w);
        acc = after.assign(bi, after.math.add(after.math.mul(kap, bi), acc));
      }
      Operand<T> integralStep = after.math.div(after.math.mul(integralRate, acc), den);
      Operand<T> adamStep = after.math.div(after.math.mul(adamRate, mNew), den);
      updates.add(after.assignSub(w, after.select(integral, integralStep, adamStep)));
    }
    return scope.withControlDependencies(updates).withName("update").noOp();
  }

  @Override
  public String toString() {
    return "miadam" + k + "(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + epsilon
        + (weightDecay > 0 ? ", wd=" + weightDecay : "") + ", kappa=" + kappa + ", sub_epoch=" + subEpoch + ")";
  }
}
