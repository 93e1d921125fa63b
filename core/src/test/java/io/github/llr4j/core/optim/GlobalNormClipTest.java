package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.hparam.Hyperparameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;

class GlobalNormClipTest {

  /** Gradients [3, 4] and [[12]] (global norm sqrt(9 + 16 + 144) = 13) through the clip. */
  private static double[][] clipped(double c) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat64> a = tf.withName("a").variable(tf.constant(new double[] {0, 0}));
      Variable<TFloat64> b = tf.withName("b").variable(tf.constant(new double[][] {{0}}));
      List<Operand<TFloat64>> out = new GlobalNormClip(c).apply(tf, List.of(a, b),
          List.of(tf.constant(new double[] {3, 4}), tf.constant(new double[][] {{12}})), TFloat64.class);
      try (Result r = s.runner().fetch(out.get(0)).fetch(out.get(1)).run()) {
        TFloat64 x = (TFloat64) r.get(0), y = (TFloat64) r.get(1);
        return new double[][] {{x.getDouble(0), x.getDouble(1)}, {y.getDouble(0, 0)}};
      }
    }
  }

  @Test
  void aboveTheThresholdEveryGradientIsScaledToGlobalNormC() {
    // c = 6.5: factor 6.5 / 13 = 0.5
    double[][] v = clipped(6.5);
    assertThat(v[0][0]).isCloseTo(1.5, within(1e-12));
    assertThat(v[0][1]).isCloseTo(2.0, within(1e-12));
    assertThat(v[1][0]).isCloseTo(6.0, within(1e-12));
    // c = 1: factor 1/13, the result has global norm 1
    double[][] w = clipped(1);
    assertThat(w[0][0]).isCloseTo(3.0 / 13, within(1e-12));
    assertThat(w[1][0]).isCloseTo(12.0 / 13, within(1e-12));
    assertThat(new GlobalNormClip(6.5).factor(13)).isEqualTo(0.5);
  }

  @Test
  void atOrBelowTheThresholdGradientsAreUnchanged() {
    for (double c : new double[] {13, 20}) {
      double[][] v = clipped(c);
      assertThat(v[0]).containsExactly(3, 4);
      assertThat(v[1]).containsExactly(12);
    }
  }

  @Test
  void composesWithAnyOptimizerAndRefusesANonPositiveNorm() {
    Transformed t = new GlobalNormClip(1).then(AdamW.of(Hyperparameter.constant(0.1), 0.01));
    assertThat(t.name()).isEqualTo("clip-adamw");
    assertThatThrownBy(() -> new GlobalNormClip(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxNorm");
  }
}
