package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class OptimizerValidationTest {

  private static final Hyperparameter LR = Hyperparameter.constant(0.1);

  @Test
  void reportsNameTheSettings() {
    // refused settings: OptimizerContractTest
    assertThat(Sgd.nesterov(LR, 0.9, 5e-4).toString())
        .isEqualTo("sgd(lr=0.1, nesterov=0.9, wd=5.0E-4)");
    assertThat(Sgd.plain(LR).toString()).isEqualTo("sgd(lr=0.1)");
    assertThat(AdamW.of(LR, 0.01).toString())
        .isEqualTo("adamw(lr=0.1, betas=(0.9, 0.999), eps=1.0E-8, wd=0.01)");
  }

  @Test
  void applyGradientsChecksItsArguments() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant(new float[] {1, 2}));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(3f));
      Operand<TFloat32> ga = tf.constant(new float[] {1, 1});
      Operand<TFloat32> gb = tf.constant(1f);
      Optimizer sgd = Sgd.momentum(LR, 0.9, 0);

      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(), List.of(), feeds))
          .hasMessage("params must not be empty, got []");
      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(a, b), List.of(ga), feeds))
          .hasMessage("gradients must have one entry per parameter (2), got 1");
      List<Operand<TFloat32>> withNull = new ArrayList<>();
      withNull.add(null);
      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(a), withNull, feeds))
          .hasMessage("gradients[0] must not be null (does 'a' feed the loss?)");
      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(a, a), List.of(ga, ga), feeds))
          .hasMessageStartingWith("params must be distinct, got 'a' twice");
      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(a), List.of(gb), feeds))
          .hasMessage("gradients[0] must have the shape of 'a' [2], got []");
      Variable<TInt32> n = tf.withName("n").variable(tf.constant(1));
      assertThatThrownBy(
              () -> Sgd.plain(LR).applyGradients(tf, List.of(n), List.of(tf.constant(1)), feeds))
          .hasMessage("params must be float32 or float64, got TInt32 for 'n'");
      assertThatThrownBy(() -> sgd.applyGradients(tf, List.of(a), List.of(ga), null))
          .hasMessage("feeds must not be null");
    }
  }

  @Test
  void twoOptimizersWithDifferentRatesInOneGraphNeedDifferentFeeds() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScalarFeeds feeds = new ScalarFeeds(tf);
      Variable<TFloat32> a = tf.withName("a").variable(tf.constant(1f));
      Operand<TFloat32> ga = tf.constant(1f);
      Sgd.plain(LR).applyGradients(tf, List.of(a), List.of(ga), feeds);
      assertThatThrownBy(
              () -> Sgd.plain(Hyperparameter.constant(0.2))
                  .applyGradients(tf, List.of(a), List.of(ga), feeds))
          .hasMessageContaining("'lr' is already fed");
    }
  }
}
