package io.github.llr4j.core.diag.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Session;

/** Two ReLU MLPs trained from different initialisations, joined by a straight line and a trained Bezier curve. */
class ModeConnectivityTest {

  @Test
  void endPointsReproduceTheModelsAndTrainingLowersTheCurve() {
    try (CurveFixture f = new CurveFixture(List.of(16))) {
      LossProbe probe = f.probe;
      Session s = f.session;
      List<Batch> data = f.data;
      double[] w1 = f.train(f.initial());
      double[] w2 = f.train(f.gaussian(5, 0.4));
      double loss1 = f.loss(w1);
      double loss2 = f.loss(w2);

      BezierCurve line = ModeConnectivity.fit(probe, s, data, w1, w2, 0, 0.1, 1);
      ModeConnectivity.Profile before = ModeConnectivity.profile(probe, s, data, line, 11);
      assertThat(before.curveLosses()).containsExactly(before.lineLosses());
      BezierCurve curve = ModeConnectivity.fit(probe, s, data, w1, w2, 400, 0.5, 1);
      ModeConnectivity.Profile after = ModeConnectivity.profile(probe, s, data, curve, 11);
      System.out.printf("end losses %.5f, %.5f; line barrier %.4f (mean %.4f); curve barrier %.4f (mean %.4f)%n",
          loss1, loss2, after.lineBarrier(), mean(after.lineLosses()), after.curveBarrier(), mean(after.curveLosses()));
      // the end points are the two models, bit for bit, so their losses are the models' losses exactly
      assertThat(after.curveLosses()[0]).isEqualTo(loss1);
      assertThat(after.curveLosses()[10]).isEqualTo(loss2);
      assertThat(after.lineLosses()[0]).isEqualTo(loss1);
      assertThat(curve.point(0)).containsExactly(w1);
      assertThat(curve.point(1)).containsExactly(w2);
      assertThat(mean(after.curveLosses())).isLessThan(mean(after.lineLosses()));
      assertThat(after.curveBarrier()).isLessThan(after.lineBarrier());
      assertThat(probe.weights(s)).containsExactly(w2); // put back
    }
    assertThatThrownBy(() -> new BezierCurve(new double[2], new double[3])).hasMessageContaining("equal length");
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
