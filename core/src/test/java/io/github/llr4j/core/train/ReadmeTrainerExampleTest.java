package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Trainer snippet, verbatim between the markers, on a generated 4-class problem. */
class ReadmeTrainerExampleTest {

  @Test
  void readmeTrainerSnippetTrainsAReshapedMlp(@TempDir Path runs) throws Exception {
    Batches train = TinyProblem.blobs(512, 1, 64);
    Batches val = TinyProblem.blobs(200, 2, 100);
    Path out = runs.resolve("blobs-sech");

    // --- README snippet ---
    var model = new Mlp(8, List.of(32), 4, 0.0, true);            // 8 inputs, 4 classes
    var sgd = Sgd.momentum(Schedule.cosinePerEpoch(0.1, 0.0), 0.9, 5e-4);
    var sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15))
        .initialLoss(InitialLoss.evaluated(10))                     // L0 = mean loss of 10 batches
        .build();
    var config = TrainerConfig.builder(model, sgd).objective(sech)
        .epochs(5).seed(42).outputDir(out).build();
    try (var trainer = new Trainer(config, train, Map.of("val", val))) {
      Trainer.Result result = trainer.fit();                       // --resume: .resume(true)
      System.out.println(result.finalMetrics().get("val_accuracy"));
    }
    // ---

    String summary = Files.readString(out.resolve("summary.json"));
    assertThat(summary).contains("\"val_accuracy\"").contains("\"ms_per_step_median\"");
    double acc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(summary)
        .get("final").get("val_accuracy").asDouble();
    assertThat(acc).isGreaterThanOrEqualTo(0.95);
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(5);
  }
}
