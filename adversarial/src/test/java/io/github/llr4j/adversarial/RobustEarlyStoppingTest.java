package io.github.llr4j.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.eval.RobustValidation;
import io.github.llr4j.adversarial.eval.RobustnessEvaluator;
import io.github.llr4j.adversarial.train.PgdTraining;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.train.Selection;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

class RobustEarlyStoppingTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void robustValidationSelectsAndKeepsTheMostRobustEpoch(@TempDir Path out) throws Exception {
    double eps = 0.16;
    ArrayBatches val = Blocks01.data(90, 7, 45);
    Pgd attack = Pgd.linf(eps, eps / 4, 10, 1);
    TrainerConfig cfg = TrainerConfig.builder(RobustnessTest.MODEL, Sgd.momentum(Schedule.constant(0.05), 0.9, 0))
        .epochs(4).seed(3).outputDir(out).logInterval(0)
        .inputHook(new PgdTraining(Hyperparameter.constant(eps), Hyperparameter.constant(eps / 4), 5,
            Blocks01.CLASSES, 9, Box.UNIT))
        .epochMetric(new RobustValidation("val", val, attack, 0, Shape.of(Blocks01.DIM), Blocks01.CLASSES, 4))
        .selection(new Selection("val_robust_accuracy", true, true)).build();
    try (Trainer t = new Trainer(cfg, Blocks01.data(480, 1, 32), Map.of("val", val))) {
      t.fit();
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    int argmax = 0;
    double[] robust = new double[lines.size()];
    for (int e = 0; e < lines.size(); e++) {
      JsonNode m = JSON.readTree(lines.get(e));
      robust[e] = m.get("val_robust_accuracy").asDouble();
      assertThat(robust[e]).isBetween(0.0, m.get("val_robust_clean_accuracy").asDouble());
      // the clean accuracy on the attacked examples is the evaluator's val accuracy
      assertThat(m.get("val_robust_clean_accuracy").asDouble()).isEqualTo(m.get("val_accuracy").asDouble());
      if (robust[e] > robust[argmax]) argmax = e;
    }
    System.out.println("val robust accuracy per epoch: " + java.util.Arrays.toString(robust));
    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("selected_epoch").asInt()).isEqualTo(argmax);
    assertThat(s.get("at_selected_val_robust_accuracy").asDouble()).isEqualTo(robust[argmax]);
    // the kept weights reproduce the selected epoch's robust accuracy when evaluated afresh
    try (RobustnessEvaluator ev = RobustnessEvaluator.fromCheckpoint(RobustnessTest.MODEL, Shape.of(Blocks01.DIM),
        out.resolve(Trainer.BEST_DIR))) {
      assertThat(ev.evaluate(val, List.of(eps), e -> attack, 0, 4).get(0).robustAccuracy()).isEqualTo(robust[argmax]);
    }
  }
}
