package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's comparison table: the README promises accuracy, losses, ms per step and wall time. */
class DemoCommandTest {

  private static Trainer.Result result(double acc, double ms) {
    return new Trainer.Result(3, 1266, 2.5, Map.of("test_accuracy", acc, "test_loss", 0.31, "train_loss", 0.28),
        Map.of("val_accuracy", acc - 0.01, "at_best_val_test_accuracy", acc), ms);
  }

  @Test
  void tableHasMsPerStepTrainingAndWallTime() {
    Map<String, DemoCommand.Run> runs = new LinkedHashMap<>();
    runs.put("plain", new DemoCommand.Run(result(0.9012, 123.45), 612.34, 501.2));
    // a finished run resumed: no step was timed in this invocation
    runs.put("sech", new DemoCommand.Run(result(0.9034, Double.NaN), 3.21, 498.7));
    String table = DemoCommand.table(runs);
    assertThat(table).contains("test accuracy (final)           0.9012      0.9034")
        .contains("ms per step (median)             123.5           -")
        .contains("training time (s)                501.2       498.7")
        .contains("wall time (s)                    612.3         3.2")
        .doesNotContain("NaN");
  }

  @Test
  void trainingTimeSumsEveryEpochOfTheRun(@TempDir Path run) throws IOException {
    Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\":0,\"seconds\":12.5}\n{\"epoch\":1,\"seconds\":10.25}\n");
    assertThat(DemoCommand.trainingSeconds(run)).isEqualTo(22.75);
  }
}
