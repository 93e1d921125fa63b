package io.github.llr4j.core.testing.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.testing.OptimizerContract;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * A user-defined optimizer runs {@link OptimizerContract}: "soft momentum",
 * {@code m = beta m + g; w = w - lr m / (1 + |m|)}, written with public API only. The contract
 * also rejects a copy that forgets the bound on the step.
 */
class SoftMomentumContractTest extends OptimizerContract {

  /** The user's optimizer; its state is one reference variable per parameter. */
  record SoftMomentum(Hyperparameter learningRate, double beta, boolean bounded)
      implements Optimizer {
    SoftMomentum {
      if (!(beta >= 0 && beta < 1)) {
        throw new IllegalArgumentException("beta must be in [0, 1), got " + beta);
      }
    }

    @Override
    public String name() {
      return "soft_momentum";
    }

    @Override
    public <T extends TNumber> Op applyGradients(
        Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
      if (params.isEmpty()) throw new IllegalArgumentException("params must not be empty, got []");
      Class<T> type = params.get(0).type();
      Ops s = tf.withSubScope(name());
      Operand<T> lr = feeds.scalar("lr", learningRate, type);
      Operand<T> b = s.dtypes.cast(s.constant(beta), type);
      Operand<T> one = s.dtypes.cast(s.constant(1.0), type);
      Ops after = s.withControlDependencies(new ArrayList<Op>(gradients));
      List<Op> updates = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        Variable<T> w = params.get(i);
        Ops init = s.withInitScope();
        Variable<T> m = s.withName("m" + i)
            .variable(init.zeros(init.constant(w.shape().asArray()), type));
        Operand<T> mNew = after.assign(m, after.math.add(after.math.mul(b, m), gradients.get(i)));
        Operand<T> step = bounded
            ? after.math.div(mNew, after.math.add(one, after.math.abs(mNew)))
            : mNew;
        updates.add(after.assignSub(w, after.math.mul(lr, step)));
      }
      return s.withControlDependencies(updates).withName("update").noOp();
    }
  }

  /** The user's plain-Java reference of the same rule. */
  static Reference reference(double beta) {
    return new Reference() {
      double[][] m;

      @Override
      public void step(double[][] w, double[][] g, double lr, TrainingClock clock) {
        if (m == null) {
          m = new double[w.length][];
          for (int i = 0; i < w.length; i++) m[i] = new double[w[i].length];
        }
        for (int i = 0; i < w.length; i++) {
          for (int k = 0; k < w[i].length; k++) {
            m[i][k] = beta * m[i][k] + g[i][k];
            w[i][k] -= lr * m[i][k] / (1 + Math.abs(m[i][k]));
          }
        }
      }
    };
  }

  private static Row row(boolean bounded) {
    return Row.of("soft momentum", Hyperparameter.constant(0.05),
            lr -> new SoftMomentum(lr, 0.8, bounded), () -> reference(0.8))
        .rejects("beta 1", () -> new SoftMomentum(Hyperparameter.constant(0.1), 1, true),
            "beta must be in [0, 1), got 1.0");
  }

  @Override
  protected List<Row> rows() {
    return List.of(row(true));
  }

  @Test
  void theContractFailsAnOptimizerThatDoesNotFollowItsReference() {
    OptimizerContract broken = new OptimizerContract() {
      @Override
      protected List<Row> rows() {
        return List.of(row(false));
      }
    };
    DynamicTest only = broken.followsItsReference().findFirst().orElseThrow();
    assertThatThrownBy(() -> only.getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("largest relative deviation from the reference");
    assertThat(OptimizerContract.deviations(row(false), TFloat64.class).get(0))
        .isGreaterThan(1e-2);
  }
}
