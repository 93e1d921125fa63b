package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.adversarial.attack.ApgdCe;
import io.github.llr4j.adversarial.attack.Attack;
import io.github.llr4j.adversarial.attack.AttackGraph;
import io.github.llr4j.adversarial.attack.AttackMode;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator.Point;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Attacks on an MLP with batch norm trained on {@link Blocks01}. */
public class RobustnessTest {

  public static final Mlp MODEL = new Mlp(Blocks01.DIM, List.of(32), Blocks01.CLASSES, 0.0, true);
  public static final ArrayBatches TEST = Blocks01.data(120, 2, 60);
  @TempDir static Path run;

  @BeforeAll
  static void train() {
    TrainerConfig cfg = TrainerConfig.builder(MODEL, Sgd.momentum(Schedule.constant(0.05), 0.9, 0))
        .epochs(4).seed(3).outputDir(run).logInterval(0).build();
    try (Trainer t = new Trainer(cfg, Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
  }

  private static RobustnessEvaluator evaluator() {
    return RobustnessEvaluator.fromCheckpoint(MODEL, Shape.of(Blocks01.DIM), run);
  }

  @Test
  void robustAccuracyStartsAtCleanAndFallsToZero() {
    try (RobustnessEvaluator ev = evaluator()) {
      List<Point> pts = ev.evaluate(TEST, List.of(0.0, 0.05, 0.1, 0.2, 0.4), e -> {
        if (e == 0) throw new AssertionError("no attack should run at eps 0");
        return Pgd.linf(e, e / 4, 10, 1);
      }, 0, 7);
      assertThat(pts.get(0).cleanAccuracy()).isGreaterThan(0.95);
      assertThat(pts.get(0).robustAccuracy()).isEqualTo(pts.get(0).cleanAccuracy());
      for (int i = 1; i < pts.size(); i++)
        assertThat(pts.get(i).robustAccuracy()).isLessThanOrEqualTo(pts.get(i - 1).robustAccuracy());
      assertThat(pts.get(3).robustAccuracy()).isLessThan(pts.get(0).cleanAccuracy());
      System.out.println("robust accuracy by eps: " + pts);
      assertThat(pts.get(4).robustAccuracy()).isLessThanOrEqualTo(0.01);
      assertThat(pts.get(4).examples()).isEqualTo(120);
    }
  }

  @Test
  void pgdAndApgdAreAtLeastAsStrongAsFgsm() {
    try (RobustnessEvaluator ev = evaluator()) {
      double eps = 0.16;
      double fgsm = ev.evaluate(TEST, List.of(eps), Pgd::fgsm, 0, 1).get(0).robustAccuracy();
      double pgd = ev.evaluate(TEST, List.of(eps), e -> Pgd.linf(e, e / 4, 20, 1), 0, 1).get(0).robustAccuracy();
      double apgd = ev.evaluate(TEST, List.of(eps), e -> ApgdCe.of(e, 20), 0, 1).get(0).robustAccuracy();
      assertThat(pgd).isLessThanOrEqualTo(fgsm);
      assertThat(apgd).isLessThanOrEqualTo(fgsm);
      System.out.println("eps " + eps + ": fgsm " + fgsm + ", pgd-20 " + pgd + ", apgd-ce-20 " + apgd);
      // at this eps the attacks must differ, or the comparison proves nothing
      assertThat(fgsm).isBetween(0.05, 0.99);
      assertThat(pgd).isLessThan(fgsm);
    }
  }

  @Test
  void perturbationsStayInTheBallAndRangeAndLeaveBatchNormStatisticsAlone() {
    try (org.tensorflow.Graph g = new org.tensorflow.Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var model = MODEL.build(tf.withSubScope("model"), 0);
      AttackGraph ag = new AttackGraph(tf, model, Shape.of(Blocks01.DIM), AttackMode.INFERENCE, Blocks01.CLASSES);
      io.github.llr4j.core.train.checkpoint.Checkpoints.restoreVariables(s,
          io.github.llr4j.core.train.checkpoint.Checkpoints.resolve(run));
      List<float[]> before = values(s, model.stateVariables());
      float[] x;
      int[] y;
      try (Batch b = TEST.epoch(0).next()) {
        x = new float[(int) b.inputs().size()];
        ((TFloat32) b.inputs()).copyTo(DataBuffers.of(x, false, false));
        y = new int[b.size()];
        for (int i = 0; i < y.length; i++) y[i] = b.labels().getInt(i);
      }
      // at eps 0 the attack returns the examples unchanged (what the evaluator's eps-0 shortcut assumes)
      assertThat(Pgd.linf(0, 0.01, 5, 1).run(ag, s, x, y, 5).adversarial()).containsExactly(x);
      float eps = 0.1f;
      for (Attack a : List.<Attack>of(Pgd.fgsm(eps), Pgd.linf(eps, 0.03, 10, 2), ApgdCe.of(eps, 10))) {
        float[] adv = a.run(ag, s, x, y, 5).adversarial();
        for (int j = 0; j < x.length; j++) {
          assertThat(Math.abs(adv[j] - x[j])).as(a.describe()).isLessThanOrEqualTo(eps + 1e-6f);
          assertThat(adv[j]).isBetween(0f, 1f);
        }
      }
      float[] adv = Pgd.l2(0.3, 0.1, 10, 2).run(ag, s, x, y, 5).adversarial();
      for (int i = 0; i < y.length; i++) {
        double n2 = 0;
        for (int j = 0; j < Blocks01.DIM; j++) n2 += Math.pow(adv[i * Blocks01.DIM + j] - x[i * Blocks01.DIM + j], 2);
        assertThat(Math.sqrt(n2)).isLessThanOrEqualTo(0.3 * (1 + 1e-5));
      }
      List<float[]> after = values(s, model.stateVariables());
      assertThat(after.get(0)).containsExactly(before.get(0));
      assertThat(after.get(1)).containsExactly(before.get(1));
      // the trained statistics are not the initial ones, so the comparison above means something
      assertThat(before.get(0)).isNotEqualTo(new float[before.get(0).length]);
    }
  }

  private static List<float[]> values(Session s, List<org.tensorflow.op.core.Variable<TFloat32>> vars) {
    List<float[]> out = new ArrayList<>();
    for (var v : vars) {
      try (Result r = s.runner().fetch(v).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] a = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(a, false, false));
        out.add(a);
      }
    }
    return out;
  }
}
