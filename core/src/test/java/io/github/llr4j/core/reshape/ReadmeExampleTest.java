package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** DESIGN.md's first user story: a user's own graph, one line of reshaping, their own update. */
class ReadmeExampleTest {

  @Test
  void oneLineReshapingScalesThePlainGradientDescentStepByFPrime() {
    float w0 = 0.6f, target = 0.2f, lr = 0.1f;
    try (Graph g = new Graph(); Session session = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(w0));
      Operand<TFloat32> err = tf.math.sub(tf.identity(w), tf.constant(target));
      Operand<TFloat32> loss = tf.math.mul(err, err); // L = (w - 0.2)^2

      // --- README snippet ---
      Operand<TFloat32> fin = Reshapers.sech().apply(tf, loss);
      var grads = tf.gradients(fin, List.of(w));
      var step = tf.train.applyGradientDescent(w, tf.constant(lr), grads.dy(0));
      // ---

      session.run(step);
      try (Result r = session.runner().fetch(w).run()) {
        float w1 = ((TFloat32) r.get(0)).getFloat();
        double l = (w0 - target) * (w0 - target); // 0.16
        double expected = w0 - lr * Reshapers.sech().derivative(l) * 2 * (w0 - target);
        assertThat((double) w1).isCloseTo(expected, within(1e-6));
        // and it is not the plain step
        assertThat((double) w1).isNotCloseTo(w0 - lr * 2 * (w0 - target), within(1e-3));
      }
    }
  }
}
