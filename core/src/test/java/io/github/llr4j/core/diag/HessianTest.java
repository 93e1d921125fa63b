package io.github.llr4j.core.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.HessianVectorProduct.Mode;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.testing.TensorValues;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.train.Evaluator;
import io.github.llr4j.core.train.TinyProblem;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Hessian-vector products, eigenvalues and trace on a quadratic with a known Hessian, finite
 * differences against double back-propagation on a smooth network, and the inference-mode and
 * restore guarantees on a batch-norm network.
 */
class HessianTest {

  @Test
  void quadraticEigenvaluesAndTraceExactAndFiniteDifference() {
    TestModels.Quadratic spec = new TestModels.Quadratic(TestModels.matrixA(true));
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 0);
      LossProbe probe = new LossProbe(tf, "diag", m, spec.loss(), TFloat32.class, Shape.of(1), true);
      assertThat(probe.exactAvailable()).as(probe.exactUnavailableReason()).isTrue();
      List<Batch> data = TestModels.dummyData();
      try (Session s = new Session(g)) {
        for (Mode mode : Mode.values()) {
          HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, mode, 0.5);
          HessianSpectrum.Eigen e = HessianSpectrum.topEigenvalues(hvp, 3, 500, 1e-10, 7, null);
          assertThat(e.values()[0]).as(mode + " lambda1").isCloseTo(9, within(9e-5));
          assertThat(e.values()[1]).as(mode + " lambda2").isCloseTo(7, within(7e-5));
          assertThat(e.values()[2]).as(mode + " lambda3").isCloseTo(5, within(5e-5));
          for (boolean c : e.converged()) assertThat(c).isTrue();
          // the eigenvector of 7 lives in w2's first coordinate
          assertThat(Math.abs(e.vectors().get(1)[4])).isCloseTo(1, within(1e-4));
          // H v = A v for a known v
          double[] v = {1, 2, -1, 0.5, 3, -2};
          double[] hv = hvp.apply(v);
          double[][] a = TestModels.matrixA(true);
          for (int i = 0; i < 6; i++) {
            double want = 0;
            for (int j = 0; j < 6; j++) want += a[i][j] * v[j];
            assertThat(hv[i]).as(mode + " (Hv)_" + i).isCloseTo(want, within(2e-5 * 10));
          }
          // Hutchinson: unbiased; 2000 samples land within 4 standard errors of 25.5
          HessianSpectrum.Trace t = HessianSpectrum.trace(hvp, 2000, 3, null);
          assertThat(t.standardError()).isGreaterThan(0).isLessThan(0.3);
          assertThat(Math.abs(t.estimate() - 25.5)).isLessThan(4 * t.standardError());
          // group restriction: the block of w2 has eigenvalues 7 and 0.5
          boolean[] mask = probe.layout().mask(List.of(1));
          HessianSpectrum.Eigen e2 = HessianSpectrum.topEigenvalues(hvp, 2, 500, 1e-10, 9, mask);
          assertThat(e2.values()[0]).isCloseTo(7, within(7e-5));
          assertThat(e2.values()[1]).isCloseTo(0.5, within(1e-4));
          assertThat(HessianSpectrum.trace(hvp, 1, 5, mask).estimate()).isCloseTo(7.5, within(1e-4));
        }
      }
      data.forEach(Batch::close);
    }
  }

  @Test
  void diagonalHessianTraceIsExactWithOneSample() {
    TestModels.Quadratic spec = new TestModels.Quadratic(TestModels.matrixA(false));
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 0);
      LossProbe probe = new LossProbe(tf, "diag", m, spec.loss(), TFloat32.class, Shape.of(1), true);
      List<Batch> data = TestModels.dummyData();
      try (Session s = new Session(g)) {
        HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, Mode.EXACT, 1e-3);
        HessianSpectrum.Trace t = HessianSpectrum.trace(hvp, 1, 11, null);
        assertThat(t.estimate()).isCloseTo(25.5, within(1e-5));
        assertThat(t.products()).isEqualTo(1);
      }
      data.forEach(Batch::close);
    }
  }

  @Test
  void finiteDifferenceAgreesWithExactProductOnASmoothNetwork() {
    TestModels.SoftplusMlp spec = new TestModels.SoftplusMlp(6);
    var blobs = TinyProblem.blobs(96, 4, 32);
    List<Batch> data = TestModels.take(blobs, 3);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 3);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8), true);
      assertThat(probe.exactAvailable()).as(probe.exactUnavailableReason()).isTrue();
      try (Session s = new Session(g)) {
        HessianVectorProduct exact = new HessianVectorProduct(probe, s, data, Mode.EXACT, 1e-3);
        HessianVectorProduct fd = new HessianVectorProduct(probe, s, data, Mode.FINITE_DIFFERENCE, 1e-3);
        Random r = new Random(1);
        double worst = 0;
        for (int k = 0; k < 3; k++) {
          double[] v = Vectors.gaussian(exact.dimension(), r, null);
          double[] a = exact.apply(v);
          double[] b = fd.apply(v);
          worst = Math.max(worst, Vectors.norm(Vectors.plus(a, -1, b)) / Vectors.norm(a));
        }
        System.out.printf("softplus MLP: ||Hv_fd - Hv_exact|| / ||Hv_exact|| = %.2e%n", worst);
        assertThat(worst).isLessThan(2e-3);
        double l1 = HessianSpectrum.topEigenvalues(exact, 1, 200, 1e-6, 2, null).top();
        double l2 = HessianSpectrum.topEigenvalues(fd, 1, 200, 1e-6, 2, null).top();
        System.out.printf("softplus MLP: lambda_max exact %.6f, finite difference %.6f%n", l1, l2);
        assertThat(l2).isCloseTo(l1, within(2e-3 * Math.abs(l1)));
      }
    }
    data.forEach(Batch::close);
  }

  @Test
  void batchNormNetworkIsProbedInInferenceModeAndLeftBitIdentical() {
    Mlp spec = new Mlp(TinyProblem.DIM, List.of(16), TinyProblem.CLASSES, 0, true);
    var blobs = TinyProblem.blobs(64, 5, 32);
    List<Batch> data = TestModels.take(blobs, 2);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 1);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8), true);
      assertThat(probe.exactAvailable()).as("ReLU network: no second-order ReluGrad").isFalse();
      Evaluator ev = new Evaluator(tf, m, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8));
      var xIn = tf.placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 8)));
      var yIn = tf.placeholder(org.tensorflow.types.TInt32.class);
      var trainingLoss = new CrossEntropyLoss(4).meanLoss(
          io.github.llr4j.core.nn.ModelContext.trainingWithoutUpdates(tf, tf.constant(new long[] {0, 0})), m, xIn, yIn);
      try (Session s = new Session(g)) {
        // moving statistics far from the batch statistics, so the two modes give different losses
        Variable<TFloat32> mean = m.stateVariables().get(0), var = m.stateVariables().get(1);
        float[] mv = new float[16], vv = new float[16];
        for (int i = 0; i < 16; i++) { mv[i] = 0.3f * (i % 5) - 0.5f; vv[i] = 0.5f + 0.2f * (i % 3); }
        TensorValues.assign(tf, s, mean, mv);
        TensorValues.assign(tf, s, var, vv);
        float[][] before = snapshot(s, m);
        double probeLoss = probe.loss(s, data);
        double evalLoss = ev.evaluate(s, blobs, 2).meanLoss();
        assertThat(probeLoss).isCloseTo(evalLoss, within(1e-6));
        HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, Mode.FINITE_DIFFERENCE, 1e-3);
        HessianSpectrum.Eigen e = HessianSpectrum.topEigenvalues(hvp, 2, 20, 1e-4, 1, null);
        HessianSpectrum.trace(hvp, 3, 1, null);
        assertThat(e.values()[0]).isPositive();
        float[][] after = snapshot(s, m);
        for (int i = 0; i < before.length; i++)
          assertThat(Arrays.equals(before[i], after[i])).as("variable %d bit-identical", i).isTrue();
        assertThat(TensorValues.fetch(s, mean)).containsExactly(mv);
        assertThat(TensorValues.fetch(s, var)).containsExactly(vv);
        try (var x = blobs.epoch(0).next();
            var res = s.runner().feed(xIn, x.inputs()).feed(yIn, x.labels()).fetch(trainingLoss).run()) {
          double batchStatLoss = ((TFloat32) res.get(0)).getFloat();
          assertThat(Math.abs(batchStatLoss - probeLoss)).as("training mode differs").isGreaterThan(1e-3);
        }
      }
    }
    data.forEach(Batch::close);
  }

  private static float[][] snapshot(Session s, Model m) {
    List<Variable<TFloat32>> all = new java.util.ArrayList<>(m.trainableVariables());
    all.addAll(m.stateVariables());
    float[][] out = new float[all.size()][];
    for (int i = 0; i < out.length; i++) out[i] = TensorValues.fetch(s, all.get(i));
    return out;
  }
}
