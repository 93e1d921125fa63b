package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator;
import io.github.llr4j.adversarial.train.PgdTraining;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

/** PGD adversarial training through the core Trainer's input hook, plain and reshaped. */
public class PgdTrainingTest {

  public static final double EPS = 0.16;

  /** PGD-20 robust accuracy at {@link #EPS} of a trained Blocks01 run on the shared test set. */
  public static double robustAccuracy(Path run) {
    try (RobustnessEvaluator ev = RobustnessEvaluator.fromCheckpoint(RobustnessTest.MODEL, Shape.of(Blocks01.DIM), run)) {
      return ev.evaluate(RobustnessTest.TEST, List.of(EPS), e -> Pgd.linf(e, e / 4, 20, 1), 0, 1).get(0).robustAccuracy();
    }
  }

  /** Momentum SGD, 4 epochs, seed 3 on the shared Blocks01 MLP. */
  public static TrainerConfig.Builder config(Path out) {
    return TrainerConfig.builder(RobustnessTest.MODEL, Sgd.momentum(Schedule.constant(0.05), 0.9, 0))
        .epochs(4).seed(3).outputDir(out).logInterval(0);
  }

  @Test
  void pgdTrainingRaisesRobustAccuracyAndWorksWithReshaping(@TempDir Path plain, @TempDir Path at,
      @TempDir Path atSech) throws Exception {
    var hook = new PgdTraining(Hyperparameter.constant(EPS), Hyperparameter.constant(EPS / 4), 5,
        Blocks01.CLASSES, 9, Box.UNIT);
    try (Trainer t = new Trainer(config(plain).build(), Blocks01.data(480, 1, 32), Map.of())) {
      t.fit();
    }
    try (Trainer t = new Trainer(config(at).inputHook(hook).build(), Blocks01.data(480, 1, 32),
        Map.of("test", RobustnessTest.TEST))) {
      t.fit();
    }
    var sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15, 0.5, true)).initialLoss(InitialLoss.evaluated(5)).build();
    try (Trainer t = new Trainer(config(atSech).inputHook(hook).objective(sech).build(), Blocks01.data(480, 1, 32),
        Map.of("test", RobustnessTest.TEST))) {
      t.fit();
    }
    double rPlain = robustAccuracy(plain), rAt = robustAccuracy(at), rSech = robustAccuracy(atSech);
    System.out.printf("PGD-20 robust accuracy at eps %.2f: plain %.3f, PGD-AT %.3f, PGD-AT + sech %.3f%n",
        EPS, rPlain, rAt, rSech);
    // measured: plain 0.533, PGD-AT 0.675, PGD-AT + sech 0.608
    assertThat(rAt).isGreaterThan(rPlain + 0.08);
    assertThat(rSech).isGreaterThan(rPlain + 0.03);
    // the configuration names the hook, so a resume with other attack settings is refused
    assertThat(Files.readString(at.resolve("manifest.json"))).contains("pgd-at(eps=");
  }
}
