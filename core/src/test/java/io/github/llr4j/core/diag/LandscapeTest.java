package io.github.llr4j.core.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.HessianVectorProduct.Mode;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.train.TinyProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Loss surfaces, filter normalisation, epsilon-sharpness and the gradient-eigenvector angle. */
class LandscapeTest {

  /**
   * Positive scale invariance of a ReLU MLP: multiplying layer 1 (kernel and bias) by c and layer
   * 2's kernel by 1/c computes the same function. The filter-normalised 1-D surface is the same;
   * the raw top Hessian eigenvalue is not.
   */
  @Test
  void filterNormalisedSurfaceIsScaleInvariantWhileLambdaMaxIsNot() {
    Mlp spec = Mlp.of(TinyProblem.DIM, List.of(16), TinyProblem.CLASSES);
    var blobs = TinyProblem.blobs(96, 6, 48);
    List<Batch> data = TestModels.take(blobs, 2);
    double c = 3; // not a power of two, so the rescaled weights are rounded
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 2);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8), false);
      try (Session s = new Session(g)) {
        ParameterLayout layout = probe.layout();
        assertThat(layout.names()).containsExactly("mlp/dense0/kernel", "mlp/dense0/bias", "mlp/head/kernel", "mlp/head/bias");
        // a few full-batch gradient steps towards a minimum, where the top eigenvalue is positive
        for (int step = 0; step < 150; step++) {
          double[] grad = probe.lossAndGradient(s, data).gradient();
          probe.setWeights(s, Vectors.plus(probe.weights(s), -0.5, grad));
        }
        double[] w = probe.weights(s);
        double[] alphas = LossSurface.grid(1.0, 11);
        LossSurface.Line before = LossSurface.line(probe, s, data, Directions.filterNormalised(layout, w, 5), alphas);
        double lambdaBefore = lambdaMax(probe, s, data);

        double[] scaled = w.clone();
        for (int v = 0; v < layout.count(); v++) {
          double f = v <= 1 ? c : v == 2 ? 1 / c : 1;
          for (int k = layout.offset(v); k < layout.offset(v) + layout.length(v); k++) scaled[k] *= f;
        }
        probe.setWeights(s, scaled);
        assertThat(probe.loss(s, data)).isCloseTo(before.centre(), within(1e-5 * before.centre()));
        LossSurface.Line after = LossSurface.line(probe, s, data, Directions.filterNormalised(layout, probe.weights(s), 5), alphas);
        double lambdaAfter = lambdaMax(probe, s, data);
        double worst = 0;
        for (int i = 0; i < alphas.length; i++)
          worst = Math.max(worst, Math.abs(after.losses()[i] - before.losses()[i]) / before.losses()[i]);
        System.out.printf("scale invariance (c = %.0f): filter-normalised 1-D surface max relative change %.2e "
            + "(loss at a = 1: %.5f vs %.5f); lambda_max %.4f -> %.4f (x%.2f)%n", c, worst,
            before.losses()[10], after.losses()[10], lambdaBefore, lambdaAfter, lambdaAfter / lambdaBefore);
        assertThat(worst).isLessThan(1e-4);
        assertThat(before.maxIncrease()).isGreaterThan(0.05);
        assertThat(lambdaBefore).isPositive(); // the surface is not flat, so equality means something
        assertThat(Math.abs(lambdaAfter / lambdaBefore - 1)).isGreaterThan(0.5);
      }
    }
    data.forEach(Batch::close);
  }

  private static double lambdaMax(LossProbe probe, Session s, List<Batch> data) {
    HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, Mode.FINITE_DIFFERENCE, 1e-3);
    return HessianSpectrum.topEigenvalues(hvp, 1, 100, 1e-5, 3, null).top();
  }

  @Test
  void filterNormalisationScalesEachFilterAndZeroesVectors() {
    Mlp spec = Mlp.of(3, List.of(2), 2);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 1);
      ParameterLayout layout = ParameterLayout.of(m.trainableVariables());
      assertThat(layout.layerGroups()).containsOnlyKeys("mlp/dense0", "mlp/head");
      assertThat(layout.layerGroups().get("mlp/head")).containsExactly(2, 3);
      assertThat(layout.size()).isEqualTo(3 * 2 + 2 + 2 * 2 + 2);
      double[] w = new double[layout.size()];
      for (int i = 0; i < w.length; i++) w[i] = 0.1 * (i + 1);
      double[] d = Directions.filterNormalised(layout, w, 9);
      // dense0/kernel [3, 2]: filter f = column f (indices f, f + 2, f + 4)
      for (int f = 0; f < 2; f++) {
        double wn = 0, dn = 0;
        for (int r = 0; r < 3; r++) { wn += w[r * 2 + f] * w[r * 2 + f]; dn += d[r * 2 + f] * d[r * 2 + f]; }
        assertThat(Math.sqrt(dn)).isCloseTo(Math.sqrt(wn), within(1e-12));
      }
      // the biases (rank 1) get 0
      for (int k = layout.offset(1); k < layout.offset(1) + layout.length(1); k++) assertThat(d[k]).isZero();
      for (int k = layout.offset(3); k < layout.offset(3) + layout.length(3); k++) assertThat(d[k]).isZero();
    }
  }

  @Test
  void quadraticSurfaceSharpnessAndAngleMatchClosedForms(@TempDir Path tmp) throws Exception {
    double[][] a = TestModels.matrixA(false); // diag(9, 5, 3, 1, 7, 0.5)
    TestModels.Quadratic spec = new TestModels.Quadratic(a);
    double[] w = {0.3f, -1.2f, 0.8f, 0.5f, -0.7f, 1.1f};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 0);
      LossProbe probe = new LossProbe(tf, "diag", m, spec.loss(), TFloat32.class, Shape.of(1), true);
      List<Batch> data = TestModels.dummyData();
      try (Session s = new Session(g)) {
        double[] d = {1, 0, 0, 0, 0, 1};
        double[] d2 = {0, 1, 0, 0, 0, 0};
        double[] alphas = LossSurface.grid(0.5, 5);
        LossSurface.Line line = LossSurface.line(probe, s, data, d, alphas);
        LossSurface.Plane plane = LossSurface.plane(probe, s, data, d, d2, alphas, alphas);
        for (int i = 0; i < 5; i++) {
          assertThat(line.losses()[i]).isCloseTo(quad(a, w, alphas[i], d, 0, d2), within(1e-5));
          for (int j = 0; j < 5; j++)
            assertThat(plane.losses()[i][j]).isCloseTo(quad(a, w, alphas[i], d, alphas[j], d2), within(1e-5));
        }
        line.writeCsv(tmp.resolve("line.csv"));
        List<String> csv = Files.readAllLines(tmp.resolve("line.csv"));
        assertThat(csv).hasSize(6);
        assertThat(csv.get(0)).isEqualTo("alpha,loss");
        assertThat(csv.get(1)).startsWith("-0.5");

        // epsilon-sharpness: for a diagonal positive A the max over the box is the corner z_i =
        // sign(w_i) eps (|w_i| + 1), which sign ascent reaches and keeps
        double eps = 1e-2;
        double base = quad(a, w, 0, d, 0, d2), top = 0;
        for (int i = 0; i < 6; i++) top += 0.5 * a[i][i] * Math.pow(Math.abs(w[i]) + eps * (Math.abs(w[i]) + 1), 2);
        Sharpness.Epsilon e = Sharpness.ascent(probe, s, data, eps, 5);
        assertThat(e.loss()).isCloseTo(base, within(1e-5));
        assertThat(e.maxLoss()).isCloseTo(top, within(1e-5));
        assertThat(e.sharpness()).isCloseTo(100 * (top - base) / (1 + base), within(1e-3));
        assertThat(probe.weights(s)).containsExactly(w);

        // angle between g = A w and the top eigenvector e_0 (eigenvalue 9)
        HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, Mode.EXACT, 1e-3);
        double[] u = HessianSpectrum.topEigenvalues(hvp, 1, 300, 1e-12, 1, null).vectors().get(0);
        double[] grad = probe.lossAndGradient(s, data).gradient();
        double gn = 0;
        for (int i = 0; i < 6; i++) gn += Math.pow(a[i][i] * w[i], 2);
        double want = Math.toDegrees(Math.acos(Math.abs(a[0][0] * w[0]) / Math.sqrt(gn)));
        assertThat(Sharpness.angleDegrees(grad, u)).isCloseTo(want, within(1e-2));
      }
      data.forEach(Batch::close);
    }
  }

  private static double quad(double[][] a, double[] w, double al, double[] d, double be, double[] d2) {
    double[] x = new double[6];
    for (int i = 0; i < 6; i++) x[i] = w[i] + al * d[i] + be * d2[i];
    double q = 0;
    for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) q += x[i] * a[i][j] * x[j];
    return 0.5 * q;
  }
}
