package io.github.llr4j.core.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.train.Evaluator;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.train.TinyProblem;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class PredictorTest {

  private static final Mlp MODEL = new Mlp(TinyProblem.DIM, List.of(16), TinyProblem.CLASSES, 0.1, true);

  @Test
  void restoredModelReproducesTheTrainersEvaluationAndExportsASavedModel(@TempDir Path run, @TempDir Path tmp)
      throws Exception {
    ArrayBatches train = TinyProblem.blobs(256, 1, 32);
    ArrayBatches test = TinyProblem.blobs(100, 2, 100);
    Evaluator.Metrics trained;
    TrainerConfig cfg = TrainerConfig.builder(MODEL, Sgd.momentum(Schedule.constant(0.05), 0.9, 0))
        .epochs(2).seed(4).outputDir(run).logInterval(0).build();
    try (Trainer t = new Trainer(cfg, train, Map.of())) {
      t.fit();
      trained = t.evaluate(test, 0);
    }
    assertThat(trained.accuracy()).isGreaterThan(0.9);

    Path export = tmp.resolve("saved");
    try (Predictor p = Predictor.fromCheckpoint(MODEL, TFloat32.class, Shape.of(TinyProblem.DIM), run)) {
      Iterator<Batch> it = test.epoch(0);
      try (Batch b = it.next()) {
        float[][] probs = p.probabilities(b.inputs());
        int correct = 0;
        for (int i = 0; i < probs.length; i++) {
          double sum = 0;
          int arg = 0;
          for (int k = 0; k < probs[i].length; k++) {
            sum += probs[i][k];
            if (probs[i][k] > probs[i][arg]) arg = k;
          }
          assertThat(sum).isCloseTo(1.0, within(1e-5));
          if (arg == b.labels().getInt(i)) correct++;
        }
        // inference mode with the restored moving statistics: exactly the trainer's evaluation
        assertThat(correct / (double) probs.length).isEqualTo(trained.accuracy());
        p.exportSavedModel(export);
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString());
            Result r = bundle.function("serving_default").call(Map.of("inputs", b.inputs()))) {
          TFloat32 served = (TFloat32) r.get("probabilities").orElseThrow();
          for (int i = 0; i < probs.length; i++)
            for (int k = 0; k < TinyProblem.CLASSES; k++)
              assertThat(served.getFloat(i, k)).isCloseTo(probs[i][k], within(1e-6f));
        }
      }
      assertThatThrownBy(() -> p.exportSavedModel(export)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not already hold a SavedModel");
    }
  }

  @Test
  void checkpointOfAnotherModelOrMissingIsAClearError(@TempDir Path run, @TempDir Path empty) {
    TrainerConfig cfg = TrainerConfig.builder(MODEL, Sgd.plain(Schedule.constant(0.01)))
        .epochs(1).seed(4).outputDir(run).logInterval(0).build();
    try (Trainer t = new Trainer(cfg, TinyProblem.blobs(64, 1, 32), Map.of())) {
      t.fit();
    }
    Mlp wider = new Mlp(TinyProblem.DIM, List.of(32), TinyProblem.CLASSES, 0.1, true);
    assertThatThrownBy(() -> Predictor.fromCheckpoint(wider, TFloat32.class, Shape.of(TinyProblem.DIM), run))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not fit this model");
    assertThatThrownBy(() -> Predictor.fromCheckpoint(MODEL, TFloat32.class, Shape.of(TinyProblem.DIM), empty))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must contain checkpoint/");
  }
}
