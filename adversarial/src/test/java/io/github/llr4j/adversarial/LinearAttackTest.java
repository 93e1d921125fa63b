package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A 2-class linear model logits = x W: the cross-entropy of label y grows fastest along
 * d = w_other - w_y, whatever x is, so the worst-case perturbations have closed forms:
 * Linf: x0 + eps sign(d); L2: x0 + eps d / ||d||.
 */
class LinearAttackTest {

  static final float[][] W = {{0.5f, -1f}, {-2f, 0.3f}, {0.1f, 0.4f}, {1.5f, 1.2f}};

  static Model linear(Ops tf) {
    Variable<TFloat32> w = tf.withName("w").variable(tf.constant(W));
    return new Model() {
      public List<Variable<TFloat32>> trainableVariables() { return List.of(w); }
      public List<Variable<TFloat32>> stateVariables() { return List.of(); }
      @SuppressWarnings("unchecked")
      public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> x) {
        return ctx.tf().linalg.matMul((Operand<TFloat32>) x, Params.read(ctx.tf(), w));
      }
    };
  }

  @Test
  void fgsmAndPgdReachTheClosedFormWorstCases() {
    float[] x0 = {0.4f, 0.5f, 0.6f, 0.45f, 0.55f, 0.5f, 0.5f, 0.5f};
    int[] y = {1, 1}; // both clean-correct (logit 1 > logit 0)
    float eps = 0.05f;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      AttackGraph ag = new AttackGraph(tf, linear(tf), Shape.of(4), AttackMode.INFERENCE, 2);
      float[] fgsm = Pgd.fgsm(eps).run(ag, s, x0, y, 1).adversarial();
      Pgd pgdInf = new Pgd(Norm.LINF, eps, eps / 4, 10, 1, true, false, Box.UNIT);
      float[] pgd = pgdInf.finalIterate(ag, s, x0, y, 2);
      Pgd pgdL2 = new Pgd(Norm.L2, eps, eps / 2, 4, 1, false, false, Box.UNIT);
      float[] l2 = pgdL2.finalIterate(ag, s, x0, y, 3);
      for (int i = 0; i < 2; i++) {
        int other = 1 - y[i];
        double norm = 0;
        for (int j = 0; j < 4; j++) norm += Math.pow(W[j][other] - W[j][y[i]], 2);
        norm = Math.sqrt(norm);
        for (int j = 0; j < 4; j++) {
          float d = W[j][other] - W[j][y[i]];
          float expectInf = x0[i * 4 + j] + eps * Math.signum(d);
          assertThat(fgsm[i * 4 + j]).isCloseTo(expectInf, within(1e-6f));
          assertThat(pgd[i * 4 + j]).isCloseTo(expectInf, within(1e-6f));
          assertThat((double) l2[i * 4 + j]).isCloseTo(x0[i * 4 + j] + eps * d / norm, within(1e-5));
        }
      }
      // targeted towards the other class moves the opposite way from the untargeted attack on it
      float[] toward = Pgd.fgsm(eps).withTargeted(true).run(ag, s, x0, new int[] {0, 0}, 1).adversarial();
      for (int j = 0; j < 8; j++) assertThat(toward[j]).isCloseTo(fgsm[j], within(1e-6f));
    }
  }

  @Test
  void clippingToTheRangeWins() {
    float[] x0 = {0.99f, 0.01f, 0.5f, 1f};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      AttackGraph ag = new AttackGraph(tf, linear(tf), Shape.of(4), AttackMode.INFERENCE, 2);
      float[] adv = Pgd.fgsm(0.1).run(ag, s, x0, new int[] {0}, 1).adversarial();
      // d = w_1 - w_0 = (-1.5, 2.3, 0.3, -0.3): +eps on dims 1, 2; -eps on 0, 3, clipped to [0, 1]
      assertThat(adv).containsExactly(0.89f, 0.11f, 0.6f, 0.9f);
    }
  }
}
