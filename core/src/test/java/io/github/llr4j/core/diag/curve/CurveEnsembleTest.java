package io.github.llr4j.core.diag.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.train.TinyProblem;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** The curve ensemble: softmax means by hand, identical points equal one model, the logits are the probe's model. */
class CurveEnsembleTest {

  @Test
  void meanOfProbabilitiesNotVotesNorOneModel() {
    int[] labels = {0, 1};
    // each model gets one of the two examples right; their mean gets both
    double[][] p1 = {{0.9, 0.1}, {0.6, 0.4}};
    double[][] p2 = {{0.4, 0.6}, {0.1, 0.9}};
    assertThat(CurveEnsemble.accuracy(List.<double[][]>of(p1), labels)).isEqualTo(0.5);
    assertThat(CurveEnsemble.accuracy(List.<double[][]>of(p2), labels)).isEqualTo(0.5);
    assertThat(CurveEnsemble.accuracy(List.of(p1, p2), labels)).isEqualTo(1.0);
    // two narrow votes for class 0 against one confident class 1: a majority vote says 0, the mean says 1
    double[][] q = {{0.51, 0.49}};
    double[][] sure = {{0.0, 1.0}};
    assertThat(CurveEnsemble.accuracy(List.of(q, q, sure), new int[] {1})).isEqualTo(1.0);
    assertThat(CurveEnsemble.accuracy(List.of(q, q), new int[] {1})).isZero();
    // softmax: shift-invariant and exact on a hand case (logits ln 1, ln 3 -> 1/4, 3/4), no overflow at 1000
    double[][] s = CurveEnsemble.softmax(new double[][] {{0, Math.log(3)}, {1000, 1000 + Math.log(3)}});
    assertThat(s[0][1]).isCloseTo(0.75, within(1e-12));
    assertThat(s[1][0]).isCloseTo(0.25, within(1e-12));
    assertThatThrownBy(() -> CurveEnsemble.accuracy(List.of(p1, new double[][] {{1, 0}}), labels))
        .hasMessageContaining("every model must predict all 2 examples, got 1");
  }

  @Test
  void ensembleOfTrainedCurve() {
    try (CurveFixture f = new CurveFixture(List.of(16))) {
      CurveEnsemble e = new CurveEnsemble(f.tf, f.model, TFloat32.class, Shape.of(TinyProblem.DIM));
      // A untrained (random weights, far from perfect on the blobs), B trained: the accuracies differ along the curve
      double[] a = f.gaussian(7, 0.3);
      double[] b = f.train(f.gaussian(5, 0.4));
      int[] labels = CurveEnsemble.labels(f.data);
      // the probabilities are the probe's model: mean -log p(label) is the probe's cross-entropy at A
      double lossA = f.loss(a); // leaves A in the session
      double[][] pa = CurveEnsemble.softmax(e.logits(f.session, f.data));
      double nll = 0;
      for (int i = 0; i < labels.length; i++) nll -= Math.log(pa[i][labels[i]]);
      assertThat(nll / labels.length).isCloseTo(lossA, within(1e-6));

      // a curve from A to A: every point is A, so the K-point ensemble is A alone
      f.probe.setWeights(f.session, b);
      CurveEnsemble.Accuracies same = e.evaluate(f.probe, f.session, new BezierCurve(a, a), 5, f.data);
      double accA = CurveEnsemble.accuracy(List.<double[][]>of(pa), labels);
      assertThat(accA).isBetween(0.05, 0.9);
      assertThat(same.pointAccuracies()).containsOnly(accA);
      assertThat(same.curveEnsembleAccuracy()).isEqualTo(accA);
      assertThat(same.endpointsEnsembleAccuracy()).isEqualTo(accA);
      assertThat(f.probe.weights(f.session)).containsExactly(b); // put back

      BezierCurve curve = ModeConnectivity.fit(f.probe, f.session, f.data, a, b, 100, 0.5, 1);
      CurveEnsemble.Accuracies two = e.evaluate(f.probe, f.session, curve, 2, f.data);
      CurveEnsemble.Accuracies five = e.evaluate(f.probe, f.session, curve, 5, f.data);
      assertThat(two.ts()).containsExactly(0, 1);
      assertThat(five.ts()).containsExactly(0, 0.25, 0.5, 0.75, 1);
      assertThat(two.curveEnsembleAccuracy()).isEqualTo(two.endpointsEnsembleAccuracy());
      assertThat(five.endpointsEnsembleAccuracy()).isEqualTo(two.endpointsEnsembleAccuracy());
      assertThat(five.accuracyA()).isEqualTo(accA);
      f.probe.setWeights(f.session, b);
      assertThat(five.accuracyB()).isEqualTo(CurveEnsemble.accuracy(
          List.<double[][]>of(CurveEnsemble.softmax(e.logits(f.session, f.data))), labels));
      // the middle point by hand: its probabilities averaged with the ends' give the 3-point ensemble
      f.probe.setWeights(f.session, curve.point(0.5));
      double[][] pMid = CurveEnsemble.softmax(e.logits(f.session, f.data));
      f.probe.setWeights(f.session, b);
      double[][] pb = CurveEnsemble.softmax(e.logits(f.session, f.data));
      assertThat(e.evaluate(f.probe, f.session, curve, 3, f.data).curveEnsembleAccuracy())
          .isEqualTo(CurveEnsemble.accuracy(List.of(pa, pMid, pb), labels));
      System.out.printf("A %.4f, B %.4f, A+B %.4f, 5 points on the curve %.4f%n", five.accuracyA(), five.accuracyB(),
          five.endpointsEnsembleAccuracy(), five.curveEnsembleAccuracy());
      assertThatThrownBy(() -> e.evaluate(f.probe, f.session, curve, 1, f.data))
          .hasMessageContaining("ensemble points must be >= 2");
    }
  }
}
