package io.github.llr4j.adversarial.attack;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.adversarial.Blocks01;
import io.github.llr4j.adversarial.RobustnessTest;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.nn.Model;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The fused PGD-Linf graph gives what the iterate-by-iterate loop gives, for the same random
 * start: adversarial inputs, robustness flags and final iterates, untargeted and targeted, with
 * restarts, on a small batch-norm MLP (random weights, so some examples break early, some late,
 * some never, and the bookkeeping paths are all taken).
 */
class FusedPgdTest {

  @Test
  void fusedAndIterativePgdAgree() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model model = RobustnessTest.MODEL.build(tf.withSubScope("model"), 11);
      AttackGraph ag = new AttackGraph(tf, model, Shape.of(Blocks01.DIM), AttackMode.INFERENCE, Blocks01.CLASSES);
      float[] x;
      int[] y;
      try (Batch b = Blocks01.data(48, 2, 48).epoch(0).next()) {
        x = new float[(int) b.inputs().size()];
        ((TFloat32) b.inputs()).copyTo(DataBuffers.of(x, false, false));
        y = new int[b.size()];
        for (int i = 0; i < y.length; i++) y[i] = b.labels().getInt(i);
      }
      int[] targets = new int[y.length];
      for (int i = 0; i < y.length; i++) targets[i] = (y[i] + 1) % Blocks01.CLASSES;
      for (Pgd pgd : new Pgd[] {Pgd.linf(0.05, 0.01, 7, 2), Pgd.linf(0.05, 0.01, 7, 2).withTargeted(true), Pgd.fgsm(0.05)}) {
        int[] labels = pgd.targeted() ? targets : y;
        Attack.Outcome fused = pgd.run(ag, s, x, labels, 5);
        Attack.Outcome iterative = pgd.runIterative(ag, s, x, labels, 5);
        assertThat(fused.robust()).as(pgd.describe()).containsExactly(iterative.robust());
        assertClose(fused.adversarial(), iterative.adversarial(), pgd.describe());
        // neither all broken nor all robust: both branches of the bookkeeping were compared
        assertThat(fused.robustCount()).as(pgd.describe()).isBetween(1, y.length - 1);
        float[] lastFused = pgd.finalIterate(ag, s, x, labels, 9);
        float[] lastIterative = pgd.finalIterateIterative(ag, s, x, labels, 9);
        assertClose(lastFused, lastIterative, pgd.describe());
        // the attack moved the inputs (to the ball's edge in most coordinates)
        double moved = 0;
        for (int j = 0; j < x.length; j++) moved += Math.abs(lastFused[j] - x[j]);
        assertThat(moved / x.length).as(pgd.describe()).isGreaterThan(0.02);
      }
    }
  }

  private static void assertClose(float[] a, float[] b, String what) {
    assertThat(a).hasSameSizeAs(b);
    for (int j = 0; j < a.length; j++) assertThat(Math.abs(a[j] - b[j])).as(what + " at " + j).isLessThanOrEqualTo(1e-5f);
  }
}
