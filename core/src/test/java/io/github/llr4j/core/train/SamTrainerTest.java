package io.github.llr4j.core.train;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sam;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.run.RunStoppedException;
import io.github.llr4j.core.testing.TensorValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * SAM and ASAM steps of the Trainer against a host-side reference built from gradients of a
 * separate graph, the interval option, the passes per step, and the batch-norm statistics.
 */
class SamTrainerTest {

  private static final ArrayBatches TRAIN = TinyProblem.blobs(96, 3, 32);

  @Test
  void samWithIntervalMatchesTheReference() {
    check(Sam.sam(Sgd.plain(Hyperparameter.constant(0.2)), 0.05).withInterval(2), false, 0, 0.05);
  }

  @Test
  void asamWithMomentumMatchesTheReference() {
    check(Sam.asam(Sgd.momentum(Hyperparameter.constant(0.1), 0.9, 0), 0.5), true, 0.9, 0.5);
  }

  /** Runs 3 trainer steps and the same steps on the host; compares the weights after each. */
  private static void check(Sam sam, boolean adaptive, double mu, double rho) {
    double lr = ((Hyperparameter.Constant) ((Sgd) sam.base()).learningRate()).value();
    TrainerConfig config = TrainerConfig.builder(new TinyProblem.Linear(), sam).seed(4).logInterval(0).build();
    try (Trainer t = new Trainer(config, TRAIN, Map.of());
        Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model ref = new TinyProblem.Linear().build(tf.withSubScope("model"), 4);
      LossProbe probe = new LossProbe(tf, "diag", ref, new CrossEntropyLoss(4), TFloat32.class, Shape.of(8), false);
      try (Session s = new Session(g)) {
        double[] w = probe.weights(s);
        assertThat(w).containsExactly(weights(t));
        double[] buf = new double[w.length];
        Iterator<Batch> it = TRAIN.epoch(0);
        for (int step = 0; step < 3; step++) {
          try (Batch b = it.next()) {
            Trainer.StepOutcome o = t.step(b, TrainingClock.at(step, 3, 1));
            boolean samNow = sam.samStep(step);
            assertThat(o.passes()).isEqualTo(samNow ? 2 : 1);
            probe.setWeights(s, w);
            LossProbe.LossGradient first = probe.lossAndGradient(s, List.of(b));
            assertThat((double) o.loss()).isCloseTo(first.loss(), within(1e-5));
            double[] grad = first.gradient();
            if (samNow) {
              double[] tg = new double[w.length];
              double sq = 0;
              for (int i = 0; i < w.length; i++) {
                tg[i] = (adaptive ? Math.abs(w[i]) + 0.01 : 1) * grad[i];
                sq += tg[i] * tg[i];
              }
              double[] moved = new double[w.length];
              for (int i = 0; i < w.length; i++)
                moved[i] = w[i] + rho * (adaptive ? Math.abs(w[i]) + 0.01 : 1) * tg[i] / Math.sqrt(sq);
              probe.setWeights(s, moved);
              grad = probe.lossAndGradient(s, List.of(b)).gradient();
            }
            for (int i = 0; i < w.length; i++) {
              buf[i] = mu == 0 ? grad[i] : (step == 0 ? grad[i] : mu * buf[i] + grad[i]);
              w[i] -= lr * buf[i];
            }
            double[] actual = weights(t);
            for (int i = 0; i < w.length; i++)
              assertThat(actual[i]).as("step %d weight %d", step, i).isCloseTo(w[i], within(2e-5 * Math.max(1, Math.abs(w[i]))));
            w = actual; // continue from the trainer's float32 weights
          }
        }
      }
    }
  }

  /** A non-finite loss in a SAM step stops training with the weights of before the step, not w + e. */
  @Test
  void nonFiniteLossInASamStepLeavesTheWeightsUnperturbed() {
    TrainerConfig config = TrainerConfig.builder(new TinyProblem.Linear(),
        Sam.sam(Sgd.plain(Hyperparameter.constant(0.2)), 0.05)).seed(4).logInterval(0).build();
    try (Trainer t = new Trainer(config, TRAIN, Map.of())) {
      double[] before = weights(t);
      float[] x = new float[2 * 8];
      x[3] = Float.NaN;
      try (Batch bad = new Batch(TFloat32.tensorOf(Shape.of(2, 8), DataBuffers.of(x)),
          org.tensorflow.types.TInt32.vectorOf(0, 1), 2)) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.step(bad, TrainingClock.at(0, 3, 1)))
            .isInstanceOf(RunStoppedException.class).hasMessageContaining("training diverged");
      }
      assertThat(weights(t)).containsExactly(before);
    }
  }

  private static double[] weights(Trainer t) {
    List<Double> out = new ArrayList<>();
    for (Variable<TFloat32> v : t.model().trainableVariables())
      for (float f : TensorValues.fetch(t.session(), v)) out.add((double) f);
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * One SAM step on a batch-norm MLP: the moving mean becomes 0.1 * (batch mean of x W at the
   * unperturbed w), i.e. it is updated once and by the first pass. Updating it in both passes
   * would give about 0.19 times the batch mean; updating it at w + e another value.
   */
  @Test
  void batchNormStatisticsAreUpdatedOncePerStepByTheFirstPass() {
    Mlp spec = new Mlp(8, List.of(16), 4, 0, true);
    TrainerConfig config = TrainerConfig.builder(spec, Sam.sam(Sgd.plain(Hyperparameter.constant(0.5)), 0.5))
        .seed(2).logInterval(0).build();
    try (Trainer t = new Trainer(config, TRAIN, Map.of())) {
      Variable<TFloat32> kernel = t.model().trainableVariables().get(0);
      Variable<TFloat32> movingMean = t.model().stateVariables().get(0);
      assertThat(kernel.op().name()).endsWith("dense0/kernel");
      assertThat(movingMean.op().name()).endsWith("moving_mean");
      float[] w = TensorValues.fetch(t.session(), kernel);
      try (Batch b = TRAIN.epoch(0).next()) {
        float[] x = new float[b.size() * 8];
        ((TFloat32) b.inputs()).copyTo(DataBuffers.of(x, false, false));
        t.step(b, TrainingClock.at(0, 3, 1));
        float[] after = TensorValues.fetch(t.session(), movingMean);
        float[] changed = TensorValues.fetch(t.session(), kernel);
        assertThat(changed).isNotEqualTo(w);
        for (int j = 0; j < 16; j++) {
          double mean = 0;
          for (int r = 0; r < b.size(); r++) for (int k = 0; k < 8; k++) mean += x[r * 8 + k] * w[k * 16 + j];
          mean /= b.size();
          assertThat((double) after[j]).as("moving mean %d", j).isCloseTo(0.1 * mean, within(1e-5 + 1e-5 * Math.abs(mean)));
        }
      }
    }
  }
}
