package io.github.llr4j.core.diag.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.train.TinyProblem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Two ReLU MLPs trained from different initialisations, joined by a straight line and a trained Bezier curve. */
class ModeConnectivityTest {

  @Test
  void endPointsReproduceTheModelsAndTrainingLowersTheCurve() {
    Mlp spec = Mlp.of(TinyProblem.DIM, List.of(16), TinyProblem.CLASSES);
    var blobs = TinyProblem.blobs(192, 6, 48);
    List<Batch> data = new ArrayList<>();
    for (Iterator<Batch> it = blobs.epoch(0); it.hasNext(); ) data.add(it.next());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 2);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(TinyProblem.CLASSES), TFloat32.class,
          Shape.of(TinyProblem.DIM), false);
      try (Session s = new Session(g)) {
        double[] w1 = train(probe, s, data, probe.weights(s));
        Random r = new Random(5);
        double[] init2 = new double[w1.length];
        for (int i = 0; i < init2.length; i++) init2[i] = 0.4 * r.nextGaussian();
        double[] w2 = train(probe, s, data, init2);
        probe.setWeights(s, w1);
        double loss1 = probe.loss(s, data);
        probe.setWeights(s, w2);
        double loss2 = probe.loss(s, data);

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
    }
    assertThatThrownBy(() -> new BezierCurve(new double[2], new double[3])).hasMessageContaining("equal length");
    data.forEach(Batch::close);
  }

  private static double[] train(LossProbe probe, Session s, List<Batch> data, double[] start) {
    probe.setWeights(s, start);
    for (int step = 0; step < 200; step++) {
      double[] grad = probe.lossAndGradient(s, data).gradient();
      double[] w = probe.weights(s);
      for (int i = 0; i < w.length; i++) w[i] -= 0.5 * grad[i];
      probe.setWeights(s, w);
    }
    return probe.weights(s);
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
