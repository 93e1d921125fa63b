package io.github.llr4j.core.diag.psi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.HessianSpectrum;
import io.github.llr4j.core.diag.HessianVectorProduct;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.ParameterLayout;
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

/**
 * A trained ReLU MLP rescaled at every hidden unit by a random c > 0 (incoming weights and bias x c,
 * outgoing / c): same function, different weight-space Hessian, same basis-path values and
 * PSI-flatness.
 */
class PsiInvarianceTest {

  @Test
  void basisValuesAndPsiFlatnessIgnoreRescalingsThatMoveLambdaMax() {
    Mlp spec = Mlp.of(TinyProblem.DIM, List.of(16, 12), TinyProblem.CLASSES);
    var blobs = TinyProblem.blobs(96, 6, 48);
    List<Batch> data = new ArrayList<>();
    for (Iterator<Batch> it = blobs.epoch(0); it.hasNext() && data.size() < 2; ) data.add(it.next());
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = spec.build(tf, 2);
      LossProbe probe = new LossProbe(tf, "diag", m, new CrossEntropyLoss(TinyProblem.CLASSES), TFloat32.class,
          Shape.of(TinyProblem.DIM), false);
      try (Session s = new Session(g)) {
        PsiFixtures.descend(probe, s, data, 150, 0.5);
        ParameterLayout layout = probe.layout();
        FoldedNetwork net = FoldedNetwork.of(layout);
        BasisPaths basis = BasisPaths.of(net.folded());
        assertThat(basis.count()).isEqualTo(layout.size() - 16 - 12);
        double[] w = probe.weights(s);
        double[] before = basis.values(w);
        double lambdaBefore = lambdaMax(probe, s, data);
        PsiFlatness psiBefore = PsiFlatness.measure(probe, s, data, net, 0.05, 8, 11);

        double[] scaled = Rescalings.rescale(basis.network(), w, new Random(9));
        probe.setWeights(s, scaled);
        double[] after = basis.values(probe.weights(s)); // through the float32 graph variables
        double worst = Rescalings.worstRelativeChange(before, after);
        double lambdaAfter = lambdaMax(probe, s, data);
        PsiFlatness psiAfter = PsiFlatness.measure(probe, s, data, net, 0.05, 8, 11);
        System.out.printf("basis values max relative change %.2e over %d paths; lambda_max %.4f -> %.4f;"
            + " PSI ratio %.4g -> %.4g, PSI sharpness %.5f -> %.5f%n", worst, before.length, lambdaBefore, lambdaAfter,
            psiBefore.ratio(), psiAfter.ratio(), psiBefore.maxIncrease(), psiAfter.maxIncrease());
        PsiFixtures.assertScaleInvariant(worst, lambdaBefore, lambdaAfter, psiBefore, psiAfter);
        assertThat(psiAfter.meanIncrease()).isCloseTo(psiBefore.meanIncrease(),
            within(1e-3 * Math.abs(psiBefore.meanIncrease()) + 1e-6));
      }
      assertThatThrownBy(() -> PsiFlatness.measure(probe, null, data, null, 1.5, 1, 0))
          .hasMessage("PSI eps must be in (0, 1) (a relative radius), got 1.5");
    }
    data.forEach(Batch::close);
  }

  static double lambdaMax(LossProbe probe, Session s, List<Batch> data) {
    HessianVectorProduct hvp = new HessianVectorProduct(probe, s, data, HessianVectorProduct.Mode.FINITE_DIFFERENCE, 1e-3);
    return HessianSpectrum.topEigenvalues(hvp, 1, 100, 1e-5, 3, null).top();
  }
}
