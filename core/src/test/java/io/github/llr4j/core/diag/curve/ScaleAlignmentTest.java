package io.github.llr4j.core.diag.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.diag.psi.FoldedNetwork;
import io.github.llr4j.core.diag.psi.ReluNetLayout;
import io.github.llr4j.core.train.TinyProblem;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** ReLU scale alignment: B's function unchanged, its per-unit incoming norms A's, and a rescaled copy of A aligned back onto A. */
class ScaleAlignmentTest {

  @Test
  void alignedModelKeepsItsLogitsAndTakesTheOtherModelsUnitNorms() {
    try (CurveFixture f = new CurveFixture(List.of(16, 8))) {
      ReluNetLayout layout = FoldedNetwork.of(f.probe.layout()).folded();
      assertThat(layout.widths()).containsExactly(8, 16, 8, 4);
      double[] a = f.train(f.initial());
      double[] b = f.train(f.gaussian(5, 0.4));
      ScaleAlignment.Aligned al = ScaleAlignment.align(layout, a, b);
      double[] bAligned = al.weights();
      assertThat(al.unmatched()).isZero();
      // the two trained models' units differ in scale, so the alignment moves B by more than rounding
      assertThat(al.maxScale() / al.minScale()).isGreaterThan(1.5);
      double moved = 0;
      for (int i = 0; i < b.length; i++) moved = Math.max(moved, Math.abs(bAligned[i] - b[i]));
      assertThat(moved).isGreaterThan(0.05);
      for (int l = 1; l <= 2; l++)
        for (int j = 0; j < layout.widths()[l]; j++) {
          double na = ScaleAlignment.incomingNorm(layout, a, l, j);
          assertThat(ScaleAlignment.incomingNorm(layout, bAligned, l, j)).isCloseTo(na, within(1e-12 * na));
        }

      CurveEnsemble logits = new CurveEnsemble(f.tf, f.model, TFloat32.class, Shape.of(TinyProblem.DIM));
      f.probe.setWeights(f.session, b);
      double[][] zb = logits.logits(f.session, f.data);
      f.probe.setWeights(f.session, bAligned);
      double[][] zAligned = logits.logits(f.session, f.data);
      double maxLogit = 0, maxDiff = 0;
      for (int i = 0; i < zb.length; i++)
        for (int c = 0; c < zb[i].length; c++) {
          maxLogit = Math.max(maxLogit, Math.abs(zb[i][c]));
          maxDiff = Math.max(maxDiff, Math.abs(zb[i][c] - zAligned[i][c]));
        }
      assertThat(maxLogit).isGreaterThan(1);
      assertThat(maxDiff / maxLogit).isLessThan(1e-5);

      // the nearest point of B's orbit: the same logits, closer to A than B, and no single unit's
      // rescaling brings it closer still (a local minimum of the distance)
      ScaleAlignment.Aligned near = ScaleAlignment.closest(layout, a, b, 200);
      f.probe.setWeights(f.session, near.weights());
      double[][] zNear = logits.logits(f.session, f.data);
      double nearDiff = 0;
      for (int i = 0; i < zb.length; i++)
        for (int c = 0; c < zb[i].length; c++) nearDiff = Math.max(nearDiff, Math.abs(zb[i][c] - zNear[i][c]));
      assertThat(nearDiff / maxLogit).isLessThan(1e-5);
      double dRaw = ScaleAlignment.distance(a, b), dNorms = ScaleAlignment.distance(a, bAligned);
      double dNear = ScaleAlignment.distance(a, near.weights());
      System.out.printf("distance to A: raw %.5f, norms matched %.5f, nearest %.5f%n", dRaw, dNorms, dNear);
      assertThat(dNear).isLessThan(dRaw).isLessThan(dNorms);
      for (int l = 1; l <= 2; l++)
        for (int j = 0; j < layout.widths()[l]; j++) {
          double[] w = near.weights().clone();
          for (double c : new double[] {0.99, 1.01}) {
            scaleUnit(layout, w, l, j, c);
            assertThat(ScaleAlignment.distance(a, w)).isGreaterThan(dNear - 1e-12);
            scaleUnit(layout, w, l, j, 1 / c);
          }
        }

      // the curve between A and aligned B: its end points reproduce both models' losses exactly (the
      // float32 weights set at t = 1 are aligned B's), and aligned B's loss is B's up to float32 rounding
      double lossA = f.loss(a), lossB = f.loss(b), lossAligned = f.loss(bAligned);
      assertThat(Math.abs(lossAligned - lossB) / lossB).isLessThan(1e-5);
      ModeConnectivity.Profile p = ModeConnectivity.profile(f.probe, f.session, f.data,
          ModeConnectivity.fit(f.probe, f.session, f.data, a, bAligned, 50, 0.5, 1), 5);
      assertThat(p.curveLosses()[0]).isEqualTo(lossA);
      assertThat(p.curveLosses()[4]).isEqualTo(lossAligned);
    }
  }

  @Test
  void nearestRescalingOfOneUnitByHand() {
    // one hidden unit: A = (in 1, 0; out 2), B = (in 2, 0; out 1); c = 1/2 maps B onto A exactly
    ReluNetLayout layout = ReluNetLayout.of(new int[] {2, 1, 1}, new boolean[] {false, false});
    ScaleAlignment.Aligned al = ScaleAlignment.closest(layout, new double[] {1, 0, 2}, new double[] {2, 0, 1}, 10);
    assertThat(al.weights()).containsExactly(new double[] {1, 0, 2}, within(1e-9));
    assertThat(al.scales()[0][0]).isCloseTo(0.5, within(1e-9));
    // g(c) = 4c^2 - 4c + 1/c^2 - 4/c has its minimum at 1/2 (g'(1/2) = 4 - 4 - 16 + 16 = 0)
    assertThat(ScaleAlignment.bestScale(4, 2, 1, 2)).isCloseTo(0.5, within(1e-9));
    // A's incoming vector opposite to B's: shrinking c helps the incoming part, but the outgoing part
    // grows as 1/c^2, so the minimum is interior: P = 1, p = -1, Q = 1, q = 1 -> c^4 + c^3 + c - 1 = 0
    double c = ScaleAlignment.bestScale(1, -1, 1, 1);
    assertThat(c * c * c * c + c * c * c + c - 1).isCloseTo(0, within(1e-9));
  }

  private static void scaleUnit(ReluNetLayout layout, double[] w, int l, int j, double s) {
    for (int i = 0; i < layout.widths()[l - 1]; i++) w[layout.kernelIndex(l, i, j)] *= s;
    if (layout.hasBias(l)) w[layout.biasIndex(l, j)] *= s;
    for (int k = 0; k < layout.widths()[l + 1]; k++) w[layout.kernelIndex(l + 1, j, k)] /= s;
  }

  @Test
  void randomRescalingOfAModelIsUndoneExactly() {
    ReluNetLayout layout = ReluNetLayout.of(new int[] {3, 4, 5, 2}, new boolean[] {true, false, true});
    Random r = new Random(3);
    double[] a = new double[layout.size()];
    for (int i = 0; i < a.length; i++) a[i] = r.nextGaussian();
    // B = A with every hidden unit rescaled by c in [0.1, 10] (incoming and bias by c, outgoing by 1/c)
    double[] b = a.clone();
    double[][] c = new double[2][];
    for (int l = 1; l <= 2; l++) {
      c[l - 1] = new double[layout.widths()[l]];
      for (int j = 0; j < c[l - 1].length; j++) {
        scaleUnit(layout, b, l, j, c[l - 1][j] = Math.pow(10, 2 * r.nextDouble() - 1));
      }
    }
    ScaleAlignment.Aligned al = ScaleAlignment.align(layout, a, b);
    for (int i = 0; i < a.length; i++) assertThat(al.weights()[i]).isCloseTo(a[i], within(1e-12 * (1 + Math.abs(a[i]))));
    for (int l = 1; l <= 2; l++)
      for (int j = 0; j < c[l - 1].length; j++)
        assertThat(al.scales()[l - 1][j]).isCloseTo(1 / c[l - 1][j], within(1e-12 / c[l - 1][j]));
    // the nearest point of B's orbit to A is A itself (distance 0), reached by the coordinate descent
    ScaleAlignment.Aligned near = ScaleAlignment.closest(layout, a, b, 500);
    assertThat(ScaleAlignment.distance(near.weights(), a))
        .isLessThan(1e-6 * ScaleAlignment.distance(a, new double[a.length]));

    // a dead unit (zero incoming weights in B) cannot be matched by a positive factor: left alone, counted
    double[] dead = b.clone();
    for (int i = 0; i < 3; i++) dead[layout.kernelIndex(1, i, 2)] = 0;
    dead[layout.biasIndex(1, 2)] = 0;
    ScaleAlignment.Aligned d = ScaleAlignment.align(layout, a, dead);
    assertThat(d.unmatched()).isEqualTo(1);
    assertThat(d.scales()[0][2]).isEqualTo(1);
    assertThatThrownBy(() -> ScaleAlignment.align(layout, a, new double[3]))
        .hasMessageContaining("b must hold the MLP's " + layout.size() + " parameters, got 3");
  }
}
