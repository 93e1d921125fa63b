package io.github.llr4j.core.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class CrossEntropyLossTest {

  @Test
  void fewerThanTwoClassesIsRefusedInTheSharedWording() {
    assertThatThrownBy(() -> new CrossEntropyLoss(1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("classes must be >= 2, got 1");
    assertThatThrownBy(() -> new CrossEntropyLoss(-3)).hasMessage("classes must be >= 2, got -3");
    assertThat(new CrossEntropyLoss(2).classes()).isEqualTo(2);
  }

  @Test
  void valueGradientAndCorrectCount() {
    float[][] z = {{1f, 2f, 0.5f}, {3f, -1f, 0f}};
    int[] y = {1, 2};
    double expected = 0;
    double[][] grad = new double[2][3];
    for (int i = 0; i < 2; i++) {
      double norm = 0;
      for (float v : z[i]) norm += Math.exp(v);
      expected += -(z[i][y[i]] - Math.log(norm)) / 2;
      for (int k = 0; k < 3; k++) grad[i][k] = (Math.exp(z[i][k]) / norm - (k == y[i] ? 1 : 0)) / 2;
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> logits = tf.constant(z);
      Operand<TFloat32> loss = new CrossEntropyLoss(3).meanLoss(tf, logits, tf.constant(y));
      var dz = tf.gradients(loss, List.of(logits)).dy(0);
      Operand<TInt32> correct = CrossEntropyLoss.correct(tf, logits, tf.constant(y));
      try (Result r = s.runner().fetch(loss).fetch(dz).fetch(correct).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isCloseTo((float) expected, within(1e-5f));
        TFloat32 d = (TFloat32) r.get(1);
        for (int i = 0; i < 2; i++)
          for (int k = 0; k < 3; k++)
            assertThat(d.getFloat(i, k)).isCloseTo((float) grad[i][k], within(1e-5f));
        assertThat(((TInt32) r.get(2)).getInt()).isEqualTo(1);
      }
    }
  }
}
