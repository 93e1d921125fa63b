package io.github.llr4j.core.diag.psi;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.ParameterLayout;
import io.github.llr4j.core.nn.Model;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Set-ups the psi tests share: a trained model, batch norms away from their start, two models' logits compared. */
final class PsiFixtures {
  private PsiFixtures() {}

  /**
   * What a positive rescaling of hidden units must and must not change: basis-path values (largest
   * relative change {@code worst}) and PSI-flatness stay, weight-space lambda_max moves by over 20%.
   */
  static void assertScaleInvariant(double worst, double lambdaBefore, double lambdaAfter, PsiFlatness psiBefore,
      PsiFlatness psiAfter) {
    assertThat(worst).isLessThan(1e-6);
    assertThat(lambdaBefore).isPositive();
    assertThat(Math.abs(lambdaAfter / lambdaBefore - 1)).isGreaterThan(0.2);
    assertThat(psiAfter.ratio()).isCloseTo(psiBefore.ratio(), within(1e-5 * psiBefore.ratio()));
    assertThat(psiBefore.maxIncrease()).isPositive();
    assertThat(psiAfter.maxIncrease()).isCloseTo(psiBefore.maxIncrease(), within(1e-3 * psiBefore.maxIncrease() + 1e-6));
  }

  /** {@code steps} full-batch gradient-descent steps at rate {@code lr} on {@code data}, so the loss surface is a real one. */
  static void descend(LossProbe probe, Session s, List<Batch> data, int steps, double lr) {
    for (int step = 0; step < steps; step++) {
      double[] grad = probe.lossAndGradient(s, data).gradient();
      double[] w = probe.weights(s);
      for (int i = 0; i < w.length; i++) w[i] -= lr * grad[i];
      probe.setWeights(s, w);
    }
  }

  /**
   * Moves {@code m}'s batch norms away from their (gamma 1, beta 0, mean 0, variance 1) start:
   * moving means in [-0.5, 0.5], variances in [0.5, 2], |gamma| in [0.5, 1.5] of either sign, beta
   * N(0, 0.3^2); returns the weights now in the session.
   */
  static double[] randomiseBatchNorms(Ops tf, Session s, Model m, LossProbe probe, Random r) {
    Session.Runner init = s.runner();
    for (Variable<TFloat32> v : m.stateVariables()) {
      float[] vals = new float[(int) v.shape().size()];
      boolean variance = v.op().name().endsWith("moving_variance");
      for (int i = 0; i < vals.length; i++) vals[i] = (float) (variance ? 0.5 + 1.5 * r.nextDouble() : r.nextDouble() - 0.5);
      init.addTarget(tf.assign(v, tf.constant(v.shape(), DataBuffers.of(vals))));
    }
    try (Result ignored = init.run()) {
      // effects only
    }
    ParameterLayout layout = probe.layout();
    double[] w = probe.weights(s);
    for (int v = 0; v < layout.count(); v++) {
      String n = layout.names().get(v);
      for (int k = layout.offset(v); k < layout.offset(v) + layout.length(v); k++) {
        if (n.endsWith("gamma")) w[k] = (r.nextBoolean() ? 1 : -1) * (0.5 + r.nextDouble());
        if (n.endsWith("beta")) w[k] = 0.3 * r.nextGaussian();
      }
    }
    probe.setWeights(s, w);
    return probe.weights(s);
  }

  /** {max |a - b|, max |a|} over the entries of two logit tensors of the same shape. */
  static double[] logitDifference(Session s, Operand<TFloat32> a, Operand<TFloat32> b) {
    try (Result res = s.runner().fetch(a).fetch(b).run()) {
      float[][] out = new float[2][];
      for (int i = 0; i < 2; i++) {
        TFloat32 t = (TFloat32) res.get(i);
        out[i] = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out[i], false, false));
      }
      double worst = 0, largest = 0;
      for (int i = 0; i < out[0].length; i++) {
        worst = Math.max(worst, Math.abs(out[0][i] - out[1][i]));
        largest = Math.max(largest, Math.abs(out[0][i]));
      }
      return new double[] {worst, largest};
    }
  }
}
