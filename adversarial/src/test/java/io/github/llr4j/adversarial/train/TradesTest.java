package io.github.llr4j.adversarial.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.adversarial.Blocks01;
import io.github.llr4j.adversarial.PgdTrainingTest;
import io.github.llr4j.adversarial.RobustnessTest;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

class TradesTest {

  static final double EPS = PgdTrainingTest.EPS;

  private static TrainerConfig.Builder config(Path out) {
    return PgdTrainingTest.config(out);
  }

  private static TradesTraining hook() {
    return new TradesTraining(Hyperparameter.constant(EPS), Hyperparameter.constant(EPS / 4), 5,
        Blocks01.CLASSES, 9, Box.UNIT);
  }

  private static double robustAccuracy(Path run) {
    return PgdTrainingTest.robustAccuracy(run);
  }

  /** Logits are the inputs themselves: the loss can be recomputed by hand. */
  private record Passthrough(int classes) implements io.github.llr4j.core.nn.ModelSpec {
    @Override public String name() { return "passthrough"; }
    @Override public Model build(Ops tf, long seed) {
      return new Model() {
        @Override public List<Variable<TFloat32>> trainableVariables() { return List.of(); }
        @Override public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        @Override public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input) {
          return (Operand<TFloat32>) input;
        }
      };
    }
  }

  @Test
  void lossIsCleanCrossEntropyPlusBetaTimesMeanKl() {
    float[][] rows = {{1f, -0.5f, 0.2f}, {0.3f, 0.3f, 2f}, {1.5f, -0.5f, 0.4f}, {-1f, 0.9f, 2.2f}};
    int[] y = {0, 2};
    double beta = 6;
    double ce = 0, kl = 0;
    for (int i = 0; i < 2; i++) {
      double[] lp = logSoftmax(rows[i]), lq = logSoftmax(rows[i + 2]);
      ce -= lp[y[i]];
      for (int k = 0; k < 3; k++) kl += Math.exp(lp[k]) * (lp[k] - lq[k]);
    }
    double expected = ce / 2 + beta * kl / 2;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class);
      Placeholder<TInt32> labels = tf.placeholder(TInt32.class);
      Model m = new Passthrough(3).build(tf, 0);
      Operand<TFloat32> loss = new TradesLoss(3, beta).meanLoss(ModelContext.inference(tf), m, x, labels);
      try (TFloat32 xt = TFloat32.tensorOf(Shape.of(4, 3), DataBuffers.of(flatten(rows), true, false));
          TInt32 yt = TInt32.vectorOf(y);
          Result r = s.runner().feed(x, xt).feed(labels, yt).fetch(loss).run()) {
        assertThat((double) ((TFloat32) r.get(0)).getFloat()).isCloseTo(expected, within(1e-5));
      }
    }
    assertThatThrownBy(() -> new TradesLoss(3, -1)).hasMessageContaining("beta must be finite and >= 0");
  }

  @Test
  void craftedInputsStayInTheBallAndMaximiseTheDivergence(@TempDir Path run) {
    try (Trainer t = new Trainer(config(run).build(), Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
    TradesTraining h = hook();
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model model = RobustnessTest.MODEL.build(tf.withSubScope("model"), 0);
      h.build(tf, model, TFloat32.class, Shape.of(Blocks01.DIM));
      try (Session s = new Session(g)) {
        Checkpoints.restoreVariables(s, Checkpoints.resolve(run));
        try (Batch b = Blocks01.data(60, 5, 60).epoch(0).next();
            Tensor both = h.inputs(s, b, new TrainingClock(3, 0, 3, 10, 1))) {
          int n = b.size(), d = Blocks01.DIM;
          assertThat(both.shape()).isEqualTo(Shape.of(2L * n, d));
          float[] all = new float[2 * n * d], x = new float[n * d], adv = new float[n * d];
          ((TFloat32) both).copyTo(DataBuffers.of(all, false, false));
          ((TFloat32) b.inputs()).copyTo(DataBuffers.of(x, false, false));
          System.arraycopy(all, n * d, adv, 0, n * d);
          double moved = 0;
          for (int j = 0; j < n * d; j++) {
            assertThat(all[j]).isEqualTo(x[j]); // the clean half is the batch itself
            assertThat(Math.abs(adv[j] - x[j])).isLessThanOrEqualTo((float) EPS + 1e-6f);
            assertThat(adv[j]).isBetween(0f, 1f);
            moved = Math.max(moved, Math.abs(adv[j] - x[j]));
          }
          assertThat(moved).isGreaterThan(EPS * 0.9);
          // the maximiser beats random corners of the same ball by a wide margin
          Random r = new Random(1);
          float[] corner = new float[x.length];
          for (int j = 0; j < x.length; j++) corner[j] = x[j] + (float) (r.nextBoolean() ? EPS : -EPS);
          Box.UNIT.projectLinf(corner, x, (float) EPS);
          float klAdv = h.divergence(s, x, adv, n), klRandom = h.divergence(s, x, corner, n);
          System.out.printf("summed KL over %d examples: TRADES maximiser %.4f, random corner %.4f%n", n, klAdv, klRandom);
          assertThat(klAdv).isGreaterThan(3 * klRandom);
          assertThat(h.divergence(s, x, x, n)).isCloseTo(0f, within(1e-4f));
        }
      }
    }
  }

  @Test
  void tradesRaisesRobustAccuracyPlainAndReshaped(@TempDir Path plain, @TempDir Path trades,
      @TempDir Path tradesSech) {
    try (Trainer t = new Trainer(config(plain).build(), Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
    try (Trainer t = new Trainer(config(trades).inputHook(hook()).loss(new TradesLoss(Blocks01.CLASSES, 6)).build(),
        Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
    var sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15, 0.5, true)).initialLoss(InitialLoss.evaluated(5)).build();
    try (Trainer t = new Trainer(config(tradesSech).inputHook(hook()).loss(new TradesLoss(Blocks01.CLASSES, 6))
        .objective(sech).build(), Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
    double rPlain = robustAccuracy(plain), rTrades = robustAccuracy(trades), rSech = robustAccuracy(tradesSech);
    System.out.printf("PGD-20 robust accuracy at eps %.2f: plain %.3f, TRADES %.3f, TRADES + sech %.3f%n",
        EPS, rPlain, rTrades, rSech);
    assertThat(rTrades).isGreaterThan(rPlain + 0.08);
    assertThat(rSech).isGreaterThan(rPlain + 0.03);
  }

  private static double[] logSoftmax(float[] z) {
    double max = Math.max(z[0], Math.max(z[1], z[2])), sum = 0;
    for (float v : z) sum += Math.exp(v - max);
    double[] out = new double[z.length];
    for (int k = 0; k < z.length; k++) out[k] = z[k] - max - Math.log(sum);
    return out;
  }

  private static float[] flatten(float[][] rows) {
    float[] out = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
    return out;
  }
}
