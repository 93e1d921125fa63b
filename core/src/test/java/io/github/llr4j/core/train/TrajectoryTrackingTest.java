package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.diag.traj.TrajectoryTracking;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.loss.TrainingLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.run.RunFolder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Trajectory recording on L(w) = 0.5 w^T A w, A = diag(9, 5, 3, 1), w0 = (1, 1, 1, 1), plain SGD
 * with lr 0.05: w_t = (1 - lr a_i)^t per coordinate, every update is -lr A w_t, the top eigenvector
 * is e_1 with eigenvalue 9 at every step, so the recorded angle, eigenvalue and loss are known in
 * closed form.
 */
class TrajectoryTrackingTest {
  private static final double[] A = {9, 5, 3, 1};
  private static final double LR = 0.05;

  /** One variable w [4]; logits (for the evaluator) do not depend on it. */
  record Quadratic() implements ModelSpec {
    public String name() { return "quadratic"; }
    public int classes() { return TinyProblem.CLASSES; }

    public Model build(Ops tf, long seed) {
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(new float[] {1, 1, 1, 1}));
      return new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(w); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          Ops t = ctx.tf();
          return t.linalg.matMul((Operand<TFloat32>) in, t.constant(new float[TinyProblem.DIM][TinyProblem.CLASSES]));
        }
      };
    }
  }

  /** 0.5 sum a_i w_i^2; inputs and labels are ignored. */
  static final TrainingLoss QUADRATIC = (ctx, model, inputs, labels) -> {
    Ops t = ctx.tf();
    Operand<TFloat32> w = Params.read(t, model.trainableVariables().get(0));
    Operand<TFloat32> a = t.constant(new float[] {9, 5, 3, 1});
    return t.math.mul(t.constant(0.5f), t.reduceSum(t.math.mul(a, t.math.square(w)), t.constant(0)));
  };

  @Test
  void anglesEigenvaluesAndLossesMatchTheClosedForm(@TempDir Path out) {
    ArrayBatches data = TinyProblem.blobs(96, 3, 48); // 2 steps per epoch
    var config = TrainerConfig.builder(new Quadratic(), Sgd.plain(Hyperparameter.constant(LR))).loss(QUADRATIC)
        .epochs(6).seed(1).logInterval(0).outputDir(out)
        .trajectory(new TrajectoryTracking(3, 1, 60, 1e-7, 0)).build();
    try (Trainer t = new Trainer(config, data, Map.of())) {
      t.fit();
    }
    List<Map<String, Object>> samples = RunFolder.read(out).readJsonLines("trajectory.jsonl");
    assertThat(samples).extracting(s -> ((Number) s.get("step")).intValue()).containsExactly(0, 3, 6, 9);
    for (Map<String, Object> s : samples) {
      int step = ((Number) s.get("step")).intValue();
      double[] g = new double[4];
      double loss = 0, norm = 0;
      for (int i = 0; i < 4; i++) {
        double w = Math.pow(1 - LR * A[i], step);
        g[i] = A[i] * w;
        loss += 0.5 * A[i] * w * w;
        norm += g[i] * g[i];
      }
      double angle = Math.toDegrees(Math.acos(g[0] / Math.sqrt(norm)));
      System.out.printf("step %d: angle %.3f (closed form %.3f), lambda_max %.5f, loss %.6f (%.6f)%n", step,
          num(s, "update_angle_degrees"), angle, num(s, "lambda_max"), num(s, "loss"), loss);
      assertThat(num(s, "lambda_max")).isCloseTo(9, within(1e-3));
      assertThat(num(s, "update_angle_degrees")).isCloseTo(angle, within(0.05));
      // plain SGD steps along -gradient: the two angles agree and the cosine is 1
      assertThat(num(s, "gradient_angle_degrees")).isCloseTo(angle, within(0.05));
      assertThat(num(s, "update_gradient_cosine")).isCloseTo(1, within(1e-5));
      assertThat(num(s, "update_norm")).isCloseTo(LR * Math.sqrt(norm), within(1e-5));
      assertThat(num(s, "loss")).isCloseTo(loss, within(1e-5 * loss));
    }
    // from 33.3 degrees (w0 has weight on e_1) towards 90 as the sharp direction converges first
    assertThat(num(samples.get(0), "update_angle_degrees")).isCloseTo(33.25, within(0.1));
    assertThat(num(samples.get(3), "update_angle_degrees")).isGreaterThan(85);
  }

  private static double num(Map<String, Object> s, String k) {
    return ((Number) s.get(k)).doubleValue();
  }
}
