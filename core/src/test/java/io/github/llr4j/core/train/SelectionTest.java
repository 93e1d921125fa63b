package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Epoch metrics and the selection rule: robust early stopping's machinery on a tiny problem. */
class SelectionTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ArrayBatches TRAIN = TinyProblem.blobs(320, 1, 32);
  private static final ArrayBatches TEST = TinyProblem.blobs(200, 2, 50);

  /**
   * A scripted "accuracy" (so the selected epoch is known in advance) and a real function of the
   * weights (squared norm of the first variable) that identifies which epoch's weights are loaded.
   */
  private static final class Probe implements EpochMetric {
    private final double[] script;
    private Operand<TFloat32> norm;

    Probe(double... script) { this.script = script; }

    @Override
    public void build(Ops tf, Model model) {
      norm = tf.reduceSum(tf.math.square(tf.identity(model.trainableVariables().get(0))),
          tf.constant(new int[] {0, 1}));
    }

    @Override
    public Map<String, Double> compute(Session session, int epoch) {
      try (Result r = session.runner().fetch(norm).run()) {
        double n = ((TFloat32) r.get(0)).getFloat();
        return Map.of("val_probe_accuracy", script[Math.min(epoch, script.length - 1)], "weight_norm", n);
      }
    }

    @Override
    public String describe() { return "probe"; }
  }

  private static TrainerConfig.Builder config(Path out) {
    return TrainerConfig.builder(new TinyProblem.Linear(),
            new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .epochs(4).seed(11).outputDir(out).logInterval(0);
  }

  @Test
  void selectedEpochIsReportedAndItsWeightsAreKept(@TempDir Path out) throws Exception {
    TrainerConfig cfg = config(out).epochMetric(new Probe(0.2, 0.9, 0.4, 0.9))
        .selection(new Selection("val_probe_accuracy", true, true)).build();
    try (Trainer t = new Trainer(cfg, TRAIN, Map.of("test", TEST))) {
      t.fit();
    }
    List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
    JsonNode epoch1 = JSON.readTree(lines.get(1));
    JsonNode last = JSON.readTree(lines.get(3));
    assertThat(epoch1.get("val_probe_accuracy").asDouble()).isEqualTo(0.9);
    // the weights move every epoch, so the norm identifies the epoch
    assertThat(epoch1.get("weight_norm").asDouble()).isNotEqualTo(last.get("weight_norm").asDouble());

    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("selection").asText()).isEqualTo("max val_probe_accuracy");
    assertThat(s.get("selected_epoch").asInt()).isEqualTo(1); // a tie at epoch 3 keeps epoch 1
    assertThat(s.get("at_selected_test_accuracy").asDouble()).isEqualTo(epoch1.get("test_accuracy").asDouble());
    assertThat(s.get("at_selected_val_probe_accuracy").asDouble()).isEqualTo(0.9);
    assertThat(s.get("best_val_probe_accuracy").asDouble()).isEqualTo(0.9);
    assertThat(s.get("test_accuracy").asDouble()).isEqualTo(last.get("test_accuracy").asDouble());

    // best/ holds epoch 1's weights, checkpoint/ the last ones (for resuming)
    Path best = Checkpoints.resolve(out.resolve(Trainer.BEST_DIR));
    assertThat(JSON.readTree(best.resolve("state.json").toFile()).get("epoch").asInt()).isEqualTo(1);
    Probe probe = new Probe(0.0);
    try (Trainer fresh = new Trainer(config(null).epochMetric(probe).build(), TRAIN, Map.of())) {
      Checkpoints.restoreVariables(fresh.session(), best);
      assertThat(probe.compute(fresh.session(), 0).get("weight_norm"))
          .isEqualTo(epoch1.get("weight_norm").asDouble());
      Checkpoints.restoreVariables(fresh.session(), Checkpoints.resolve(out));
      assertThat(probe.compute(fresh.session(), 0).get("weight_norm"))
          .isEqualTo(last.get("weight_norm").asDouble());
    }
  }

  @Test
  void minimisingRuleAndUnknownMetric(@TempDir Path a, @TempDir Path b) throws Exception {
    try (Trainer t = new Trainer(config(a).selection(new Selection("test_loss", false, false)).build(),
        TRAIN, Map.of("test", TEST))) {
      t.fit();
    }
    List<String> lines = Files.readAllLines(a.resolve("metrics.jsonl"));
    int argmin = 0;
    for (int e = 1; e < lines.size(); e++)
      if (JSON.readTree(lines.get(e)).get("test_loss").asDouble()
          < JSON.readTree(lines.get(argmin)).get("test_loss").asDouble()) argmin = e;
    JsonNode s = JSON.readTree(a.resolve("summary.json").toFile());
    assertThat(s.get("selected_epoch").asInt()).isEqualTo(argmin);
    assertThat(Files.exists(a.resolve(Trainer.BEST_DIR))).isFalse();

    try (Trainer t = new Trainer(config(b).selection(new Selection("val_robust_accuracy", true, false)).build(),
        TRAIN, Map.of("test", TEST))) {
      assertThatThrownBy(t::fit).isInstanceOf(IllegalStateException.class)
          .hasMessage("selection metric val_robust_accuracy is not among this run's metrics [test_loss,"
              + " test_accuracy]; add the evaluation set or epoch metric that produces it");
    }
    assertThatThrownBy(() -> config(null).selection(new Selection("val_accuracy", true, true)).build())
        .hasMessageContaining("outputDir must be set to keep the selected epoch's checkpoint");
  }
}
