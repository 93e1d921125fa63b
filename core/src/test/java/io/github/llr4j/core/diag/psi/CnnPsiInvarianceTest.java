package io.github.llr4j.core.diag.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.ParameterLayout;
import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.models.SmallCnn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Basis paths of ReLU CNNs: small_cnn without batch norm rescaled per channel (kernel and bias of
 * channel c x s, the next layer's input-channel-c weights / s), and small_cnn with batch norm, whose
 * folded network must compute the same inference logits and whose rescalings through gamma and
 * beta must not move the folded basis values.
 */
class CnnPsiInvarianceTest {

  private static final int SIDE = 8, CLASSES = 3;

  @Test
  void plainCnnBasisValuesIgnoreChannelRescalingsThatMoveLambdaMax() {
    List<Batch> data = quadrantImages(96, 3);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = new SmallCnn(SIDE, SIDE, 1, 3, 4, CLASSES, false).build(tf, 2);
      LossProbe probe = probe(tf, "diag", m);
      try (Session s = new Session(g)) {
        PsiFixtures.descend(probe, s, data, 60, 0.3);
        FoldedNetwork net = FoldedNetwork.read(probe, s);
        assertThat(net.hasBatchNorm()).isFalse();
        BasisPaths basis = BasisPaths.of(net.folded());
        assertThat(basis.count()).isEqualTo(186); // the hand count of BasisPathsTest
        double[] w = probe.weights(s);
        double[] before = basis.values(net.fold(w));
        double loss = probe.loss(s, data);
        double lambdaBefore = PsiInvarianceTest.lambdaMax(probe, s, data);
        PsiFlatness psiBefore = PsiFlatness.measure(probe, s, data, net, 0.05, 8, 11);

        probe.setWeights(s, Rescalings.rescale(net.folded(), w, new Random(9)));
        double[] after = basis.values(net.fold(probe.weights(s)));
        double worst = Rescalings.worstRelativeChange(before, after);
        double lambdaAfter = PsiInvarianceTest.lambdaMax(probe, s, data);
        PsiFlatness psiAfter = PsiFlatness.measure(probe, s, data, net, 0.05, 8, 11);
        System.out.printf("CNN: loss %.5f -> %.5f; basis values max relative change %.2e over %d paths; lambda_max %.4f"
            + " -> %.4f; PSI ratio %.4g -> %.4g, PSI sharpness %.5f -> %.5f%n", loss, probe.loss(s, data), worst,
            before.length, lambdaBefore, lambdaAfter, psiBefore.ratio(), psiAfter.ratio(), psiBefore.maxIncrease(),
            psiAfter.maxIncrease());
        assertThat(loss).isLessThan(Math.log(CLASSES) - 0.2); // it learned something: a real loss surface
        assertThat(probe.loss(s, data)).isCloseTo(loss, within(1e-5 * loss));
        PsiFixtures.assertScaleInvariant(worst, lambdaBefore, lambdaAfter, psiBefore, psiAfter);
      }
    }
    data.forEach(Batch::close);
  }

  @Test
  void batchNormFoldsIntoItsConvolutionAndItsRescalingsLeaveTheBasisValues() {
    List<Batch> data = quadrantImages(64, 4);
    Random r = new Random(12);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model bn = new SmallCnn(SIDE, SIDE, 1, 3, 4, CLASSES, true).build(tf.withSubScope("bn"), 3);
      Model plain = new SmallCnn(SIDE, SIDE, 1, 3, 4, CLASSES, false).build(tf.withSubScope("plain"), 3);
      LossProbe bnProbe = probe(tf, "diag_bn", bn);
      LossProbe plainProbe = probe(tf, "diag_plain", plain);
      float[] images = new float[16 * SIDE * SIDE];
      for (int i = 0; i < images.length; i++) images[i] = (float) r.nextDouble();
      Operand<TFloat32> x = tf.constant(Shape.of(16, SIDE, SIDE, 1), DataBuffers.of(images));
      Operand<TFloat32> bnLogits = bn.logits(ModelContext.inference(tf.withSubScope("eval_bn")), x);
      Operand<TFloat32> plainLogits = plain.logits(ModelContext.inference(tf.withSubScope("eval_plain")), x);
      try (Session s = new Session(g)) {
        ParameterLayout layout = bnProbe.layout();
        double[] w = PsiFixtures.randomiseBatchNorms(tf, s, bn, bnProbe, r);
        FoldedNetwork net = FoldedNetwork.read(bnProbe, s);
        assertThat(net.hasBatchNorm()).isTrue();
        plainProbe.setWeights(s, net.fold(w));
        double[] logits = PsiFixtures.logitDifference(s, bnLogits, plainLogits);
        double worstLogit = logits[0], largest = logits[1];
        double bnLoss = bnProbe.loss(s, data);
        assertThat(largest).isGreaterThan(0.1);
        assertThat(worstLogit).isLessThan(1e-5 * Math.max(1, largest));
        assertThat(plainProbe.loss(s, data)).isCloseTo(bnLoss, within(1e-5 * bnLoss));

        BasisPaths basis = BasisPaths.of(net.folded());
        double[] before = basis.values(net.fold(w));
        double lambdaBefore = PsiInvarianceTest.lambdaMax(bnProbe, s, data);
        PsiFlatness psiBefore = PsiFlatness.measure(bnProbe, s, data, net, 0.05, 8, 11);
        assertThat(bnProbe.weights(s)).containsExactly(w); // measure puts the weights back

        bnProbe.setWeights(s, rescaleThroughBatchNorm(layout, w, new Random(5)));
        double[] scaled = bnProbe.weights(s);
        double worst = Rescalings.worstRelativeChange(before, basis.values(net.fold(scaled)));
        double lambdaAfter = PsiInvarianceTest.lambdaMax(bnProbe, s, data);
        PsiFlatness psiAfter = PsiFlatness.measure(bnProbe, s, data, net, 0.05, 8, 11);
        System.out.printf("CNN-BN: logits max difference folded vs unfolded %.2e (largest |logit| %.3f); basis values"
            + " max relative change %.2e; lambda_max %.4f -> %.4f; PSI sharpness %.5f -> %.5f%n", worstLogit, largest,
            worst, lambdaBefore, lambdaAfter, psiBefore.maxIncrease(), psiAfter.maxIncrease());
        assertThat(bnProbe.loss(s, data)).isCloseTo(bnLoss, within(1e-5 * bnLoss));
        assertThat(worst).isLessThan(1e-6);
        assertThat(Math.abs(lambdaAfter / lambdaBefore - 1)).isGreaterThan(0.2);
        assertThat(psiAfter.ratio()).isCloseTo(psiBefore.ratio(), within(1e-5 * psiBefore.ratio()));
        assertThat(psiBefore.maxIncrease()).isPositive();
        assertThat(psiAfter.maxIncrease()).isCloseTo(psiBefore.maxIncrease(), within(1e-3 * psiBefore.maxIncrease() + 1e-6));
      }
    }
    data.forEach(Batch::close);
  }

  /**
   * small_cnn's hidden channel c of conv layer l: gamma_c and beta_c x s (the folded kernel and bias
   * of c scale by s), the next layer's weights from channel c / s (conv2's input channel c, or the
   * head's rows p C + c of the flattened map).
   */
  private static double[] rescaleThroughBatchNorm(ParameterLayout layout, double[] w, Random r) {
    double[] out = w.clone();
    // variables: conv1/kernel, bn1/gamma, bn1/beta, conv2/kernel, bn2/gamma, bn2/beta, head/kernel, head/bias
    int[][] blocks = {{1, 2, 3}, {4, 5, 6}};
    for (int[] b : blocks) {
      int channels = layout.length(b[0]);
      Shape next = layout.shapes().get(b[2]);
      int outs = (int) next.get(next.numDimensions() - 1);
      for (int c = 0; c < channels; c++) {
        double sc = Math.exp(Math.log(5) * (2 * r.nextDouble() - 1));
        out[layout.offset(b[0]) + c] *= sc;
        out[layout.offset(b[1]) + c] *= sc;
        // the next kernel, viewed as [rows, channels, outs]: every row's channel-c slice
        for (int k = 0; k < layout.length(b[2]); k++) if ((k / outs) % channels == c) out[layout.offset(b[2]) + k] /= sc;
      }
    }
    return out;
  }

  private static LossProbe probe(Ops tf, String scope, Model m) {
    return new LossProbe(tf, scope, m, new CrossEntropyLoss(CLASSES), TFloat32.class, Shape.of(SIDE, SIDE, 1), false);
  }

  /** Grey 8x8 noise with a bright 4x4 quadrant: quadrant q (top-left, top-right, bottom-left) is class q. */
  private static List<Batch> quadrantImages(int n, long seed) {
    Random r = new Random(seed);
    float[] x = new float[n * SIDE * SIDE];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
      for (int row = 0; row < SIDE; row++)
        for (int col = 0; col < SIDE; col++) {
          int q = (row / 4) * 2 + col / 4;
          x[(i * SIDE + row) * SIDE + col] = (float) (0.3 * r.nextGaussian() + (q == y[i] ? 1 : 0));
        }
    }
    List<Batch> out = new ArrayList<>();
    ArrayBatches b = ArrayBatches.ofFloats(x, Shape.of(SIDE, SIDE, 1), y).batchSize(n / 2).seed(seed).build();
    for (Iterator<Batch> it = b.epoch(0); it.hasNext(); ) out.add(it.next());
    return out;
  }
}
