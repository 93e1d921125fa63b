package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.task.RunPlan;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.vision.task.ImageClassification;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.vision.task.ImageSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's whole-run snippet, verbatim between the markers, on the generated bright/dark images. */
class ReadmeTaskExampleTest {

  @Test
  void readmeTaskSnippetTrainsAndRebuildsTheModel(@TempDir Path tmp) throws Exception {
    Path images = TinyImages.write(tmp.resolve("images"), 7, 32, 8);
    Path out = tmp.resolve("run");
    var sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.evaluated(2)).build();

    // --- README snippet ---
    var settings = ImageSettings.builder("folder").dataDir(images).model("small_cnn").batchSize(16)
        .valFraction(0.25).build();                                 // crop + flip, seed 1
    var plan = RunPlan.builder(batchesPerEpoch -> Sgd.momentum(Schedule.cosinePerEpoch(0.05, 0.0), 0.9, 5e-4), 2, out)
        .objective(sech).logEvery(0).build();
    Trainer.Result result = ImageClassification.train(settings, plan, null, new PrintWriter(System.out, true));
    var model = ImageRunCard.model(RunCard.read(out));                // the same spec, rebuilt from model.json
    // ---

    assertThat(result.epochsCompleted()).isEqualTo(2);
    assertThat(result.finalMetrics().get("test_accuracy")).isInstanceOf(Double.class);
    assertThat(model.classes()).isEqualTo(2);
    assertThat(out.resolve("summary.json")).exists();
  }
}
