package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.run.RunStoppedException;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat32;

class TrainerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ArrayBatches TRAIN = TinyProblem.blobs(320, 1, 32);
  private static final ArrayBatches TEST = TinyProblem.blobs(200, 2, 50);

  private static TrainerConfig.Builder config(Path out, Hyperparameter lr) {
    return TrainerConfig.builder(new TinyProblem.Linear(), new TinyProblem.Momentum(lr, 0.9))
        .epochs(4).seed(11).outputDir(out).logInterval(0);
  }

  private static float[] weights(Trainer t) {
    var vars = t.model().trainableVariables();
    try (Result r = t.session().runner().fetch(vars.get(0)).fetch(vars.get(1)).run()) {
      TFloat32 w = (TFloat32) r.get(0);
      TFloat32 b = (TFloat32) r.get(1);
      float[] out = new float[TinyProblem.DIM * TinyProblem.CLASSES + TinyProblem.CLASSES];
      for (int i = 0; i < TinyProblem.DIM; i++)
        for (int k = 0; k < TinyProblem.CLASSES; k++) out[i * TinyProblem.CLASSES + k] = w.getFloat(i, k);
      for (int k = 0; k < TinyProblem.CLASSES; k++) out[out.length - TinyProblem.CLASSES + k] = b.getFloat(k);
      return out;
    }
  }

  @Test
  void plainTrainingReachesAccuracyAndWritesReports(@TempDir Path out) throws Exception {
    Trainer.Result res;
    try (Trainer t = new Trainer(config(out, Hyperparameter.constant(0.05)).build(), TRAIN, Map.of("test", TEST))) {
      res = t.fit();
    }
    assertThat((Double) res.finalMetrics().get("test_accuracy")).isGreaterThanOrEqualTo(0.95);
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    assertThat(lines).hasSize(4);
    double prev = Double.MAX_VALUE;
    for (int e = 0; e < 4; e++) {
      JsonNode m = JSON.readTree(lines.get(e));
      assertThat(m.get("epoch").asInt()).isEqualTo(e);
      assertThat(m.get("steps").asLong()).isEqualTo(10L * (e + 1));
      // plain objective: L_fin = L and f' = 1
      assertThat(m.get("reshaped_loss").asDouble()).isCloseTo(m.get("train_loss").asDouble(), within(1e-9));
      assertThat(m.get("gradient_factor").asDouble()).isEqualTo(1.0);
      assertThat(m.get("learning_rate").asDouble()).isEqualTo(0.05);
      assertThat(m.get("seconds").asDouble()).isPositive();
      assertThat(m.get("input_share").asDouble()).isBetween(0.0, 1.0);
      assertThat(m.has("test_accuracy") && m.has("test_loss")).isTrue();
      assertThat(m.get("train_loss").asDouble()).isLessThan(prev);
      prev = m.get("train_loss").asDouble();
    }
    JsonNode last = JSON.readTree(lines.get(3));
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("steps").asLong()).isEqualTo(40);
    assertThat(summary.get("final").get("test_accuracy").asDouble()).isEqualTo(last.get("test_accuracy").asDouble());
    assertThat(summary.get("best").get("test_accuracy").asDouble())
        .isGreaterThanOrEqualTo(last.get("test_accuracy").asDouble());
    assertThat(summary.get("ms_per_step_median").asDouble()).isPositive();
    assertThat(summary.get("config").get("model").asText()).isEqualTo("linear");
    JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
    assertThat(manifest.get("tensorflow_version").asText()).startsWith("2.");
    assertThat(manifest.get("seed").asLong()).isEqualTo(11);
    assertThat(manifest.get("config").get("epochs").asInt()).isEqualTo(4);
    assertThat(manifest.get("parameters").asLong()).isEqualTo(36);
    assertThat(Checkpoints.find(out)).isPresent();
  }

  @Test
  void summarySelectsOnValidationAndReportsTestAtThatEpoch(@TempDir Path out) throws Exception {
    ArrayBatches val = TinyProblem.blobs(60, 3, 60);
    try (Trainer t = new Trainer(config(out, Hyperparameter.constant(0.05)).build(), TRAIN,
        Map.of("val", val, "test", TEST))) {
      t.fit();
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    int bestEpoch = 0;
    double bestVal = -1;
    for (int e = 0; e < lines.size(); e++) {
      double v = JSON.readTree(lines.get(e)).get("val_accuracy").asDouble();
      if (v > bestVal) { bestVal = v; bestEpoch = e; }
    }
    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("best_val_accuracy").asDouble()).isEqualTo(bestVal);
    assertThat(s.get("best_val_epoch").asInt()).isEqualTo(bestEpoch);
    assertThat(s.get("at_best_val_test_accuracy").asDouble())
        .isEqualTo(JSON.readTree(lines.get(bestEpoch)).get("test_accuracy").asDouble());
    assertThat(s.get("test_accuracy").asDouble())
        .isEqualTo(JSON.readTree(lines.get(lines.size() - 1)).get("test_accuracy").asDouble());
    assertThat(s.get("test_accuracy").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void sechReshapedTrainingWithFixedL0(@TempDir Path out) throws Exception {
    ReshapedObjective sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15, 0.5, false))
        .initialLoss(InitialLoss.fixed(1.4)).build();
    Trainer.Result res;
    try (Trainer t = new Trainer(config(out, Hyperparameter.constant(0.1)).objective(sech).build(),
        TRAIN, Map.of("test", TEST))) {
      res = t.fit();
    }
    assertThat(res.initialLoss()).isEqualTo(1.4);
    assertThat((Double) res.finalMetrics().get("test_accuracy")).isGreaterThanOrEqualTo(0.95);
    JsonNode first = JSON.readTree(Files.readAllLines(out.resolve("metrics.jsonl")).get(0));
    // reshaping is active: L_fin differs from L and the factor is not 1
    assertThat(first.get("reshaped_loss").asDouble()).isNotCloseTo(first.get("train_loss").asDouble(), within(1e-3));
    assertThat(first.get("gradient_factor").asDouble()).isNotCloseTo(1.0, within(1e-3));
    assertThat(first.get("hyperparameters").get("reshape_l0").asDouble()).isCloseTo(1.4, within(1e-12));
  }

  @Test
  void resumedRunReachesTheSameWeights(@TempDir Path a, @TempDir Path b) {
    Hyperparameter lr = Hyperparameter.constant(0.05);
    float[] straight;
    try (Trainer t = new Trainer(config(a, lr).build(), TRAIN, Map.of())) {
      t.fit();
      straight = weights(t);
    }
    try (Trainer t = new Trainer(config(b, lr).maxSteps(20).build(), TRAIN, Map.of())) {
      assertThat(t.fit().epochsCompleted()).isEqualTo(2);
    }
    float[] resumed;
    try (Trainer t = new Trainer(config(b, lr).resume(true).build(), TRAIN, Map.of())) {
      Trainer.Result r = t.fit();
      assertThat(r.steps()).isEqualTo(40);
      resumed = weights(t);
    }
    assertThat(resumed).containsExactly(straight);
    // refused while building, before the run folder is touched; the message names the differing field
    assertThatThrownBy(() -> new Trainer(config(b, lr).seed(12).resume(true).build(), TRAIN, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("different configuration").hasMessageContaining("seed 11 (run) vs 12 (now)");
    // a trainer that is never built still releases its listeners (an event file, a socket) and the folder lock
    int[] closed = {0};
    TrainingListener listener = new TrainingListener() {
      @Override public void close() { closed[0]++; }
    };
    assertThatThrownBy(() -> new Trainer(config(b, lr).seed(12).resume(true).listener(listener).build(), TRAIN,
        Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(closed[0]).isEqualTo(1);
    // one that fails to close neither hides the refusal nor keeps the rest (the lock) from being released
    TrainingListener broken = new TrainingListener() {
      @Override public void close() { throw new IllegalStateException("cannot close"); }
    };
    assertThatThrownBy(() -> new Trainer(config(b, lr).seed(12).resume(true).listener(broken).listener(listener)
        .build(), TRAIN, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed 11 (run) vs 12 (now)")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
            .satisfies(c -> assertThat(c).hasMessage("cannot close")));
    assertThat(closed[0]).isEqualTo(2);
    try (Trainer t = new Trainer(config(b, lr).resume(true).build(), TRAIN, Map.of())) {
      assertThat(t.fit().steps()).isEqualTo(40);
    }
  }

  @Test
  void nonFiniteLossStopsWithContextAndKeepsCheckpoint(@TempDir Path out) {
    Hyperparameter lr = c -> c.epoch() == 0 ? 0.05 : 1e38;
    try (Trainer t = new Trainer(config(out, lr).build(), TRAIN, Map.of())) {
      assertThatThrownBy(t::fit).isInstanceOf(RunStoppedException.class)
          .hasMessageMatching("(?s).*at step 1\\d \\(epoch 1, batch \\d\\).*")
          .hasMessageContaining("learning_rate=1.0E38");
    }
    try (Trainer t = new Trainer(config(out, lr).build(), TRAIN, Map.of())) {
      Map<String, Object> state = Checkpoints.load(t.session(), Checkpoints.find(out).orElseThrow());
      assertThat(state.get("epoch")).isEqualTo(0);
      for (float v : weights(t)) assertThat(Float.isFinite(v)).isTrue();
    }
  }

  @Test
  void evaluatedInitialLossIsTheInferenceMeanOverFirstBatches(@TempDir Path out) {
    ReshapedObjective sech = ReshapedObjective.builder(Reshapers.sech())
        .initialLoss(InitialLoss.evaluated(3)).build();
    try (Trainer t = new Trainer(config(out, Hyperparameter.constant(0.05)).objective(sech).maxSteps(1).build(),
        TRAIN, Map.of())) {
      float[] w = weights(t);
      double sum = 0;
      int n = 0;
      Iterator<Batch> it = TRAIN.epoch(0);
      for (int k = 0; k < 3; k++) {
        try (Batch batch = it.next()) {
          TFloat32 x = (TFloat32) batch.inputs();
          for (int i = 0; i < batch.size(); i++) {
            double[] z = new double[TinyProblem.CLASSES];
            for (int c = 0; c < TinyProblem.CLASSES; c++) {
              z[c] = w[w.length - TinyProblem.CLASSES + c];
              for (int d = 0; d < TinyProblem.DIM; d++) z[c] += x.getFloat(i, d) * w[d * TinyProblem.CLASSES + c];
            }
            double lse = 0;
            for (double v : z) lse += Math.exp(v);
            sum += Math.log(lse) - z[batch.labels().getInt(i)];
            n++;
          }
        }
      }
      assertThat(t.fit().initialLoss()).isCloseTo(sum / n, within(1e-5));
    }
  }

  @Test
  void firstEpochInitialLossIsEpochZeroTrainingMean(@TempDir Path out) throws Exception {
    ReshapedObjective sech = ReshapedObjective.builder(Reshapers.sech(2.5, 0.15, 0.5, false))
        .initialLoss(InitialLoss.firstEpoch()).build();
    Trainer.Result res;
    try (Trainer t = new Trainer(config(out, Hyperparameter.constant(0.05)).epochs(2).objective(sech).build(),
        TRAIN, Map.of())) {
      res = t.fit();
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    JsonNode e0 = JSON.readTree(lines.get(0));
    JsonNode e1 = JSON.readTree(lines.get(1));
    assertThat(res.initialLoss()).isEqualTo(e0.get("train_loss").asDouble());
    assertThat(e0.get("gradient_factor").asDouble()).isEqualTo(1.0);
    assertThat(e0.get("hyperparameters").get("reshape_active").asDouble()).isEqualTo(0.0);
    assertThat(e1.get("hyperparameters").get("reshape_active").asDouble()).isEqualTo(1.0);
    assertThat(e1.get("hyperparameters").get("reshape_l0").asDouble()).isEqualTo(res.initialLoss());
    assertThat(e1.get("gradient_factor").asDouble()).isNotCloseTo(1.0, within(1e-3));
  }
}
