package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.testing.EventFiles;
import io.github.llr4j.core.train.tensorboard.TensorBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.HistogramProto;
import org.tensorflow.proto.SessionLog;

/** The TensorBoard listener on a real trainer: every tag read back from the event files and checked against metrics.jsonl. */
class TensorBoardTrainingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ArrayBatches TRAIN = TinyProblem.blobs(320, 1, 32);
  private static final ArrayBatches TEST = TinyProblem.blobs(200, 2, 50);

  private static TrainerConfig.Builder config(Path out) {
    return TrainerConfig.builder(new TinyProblem.Linear(), new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .objective(ReshapedObjective.builder(Reshapers.sech(2.5, 0.15)).initialLoss(InitialLoss.fixed(1.4)).build())
        .epochs(2).seed(11).outputDir(out).logInterval(0)
        .flatness(new FlatnessTracking(1, 1, 3, 1e-3, 1, 0.25, 3, 0))
        .listener(TensorBoard.into(out.resolve("tensorboard")));
  }

  private static List<JsonNode> metrics(Path out) throws Exception {
    return Files.readAllLines(out.resolve("metrics.jsonl")).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).toList();
  }

  private static float[] values(List<EventFiles.Value> vs) {
    float[] out = new float[vs.size()];
    for (int i = 0; i < out.length; i++) out[i] = vs.get(i).value().getSimpleValue();
    return out;
  }

  /** The mean of values [from, to) summed as the trainer sums them (float values, double sum). */
  private static double mean(float[] v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) s += v[i];
    return s / (to - from);
  }

  @Test
  void everyTagHoldsTheValuesTheTrainerLogged(@TempDir Path out) throws Exception {
    try (Trainer t = new Trainer(config(out).build(), TRAIN, Map.of("test", TEST))) {
      t.fit();
    }
    Path tb = out.resolve("tensorboard");
    assertThat(EventFiles.files(tb)).hasSize(1);
    List<JsonNode> m = metrics(out);
    List<EventFiles.Value> loss = EventFiles.values(tb, "train/loss");
    assertThat(loss).extracting(EventFiles.Value::step).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 20).boxed().toList());
    float[] l = values(loss);
    float[] fin = values(EventFiles.values(tb, "train/reshaped_loss"));
    float[] f = values(EventFiles.values(tb, "train/gradient_factor"));
    assertThat(fin).hasSize(20);
    assertThat(f).hasSize(20);
    for (int e = 0; e < 2; e++) {
      // metrics.jsonl's epoch means are sums of the same float step values
      assertThat(mean(l, 10 * e, 10 * e + 10)).isCloseTo(m.get(e).get("train_loss").asDouble(), within(1e-12));
      assertThat(mean(fin, 10 * e, 10 * e + 10)).isCloseTo(m.get(e).get("reshaped_loss").asDouble(), within(1e-12));
      assertThat(mean(f, 10 * e, 10 * e + 10)).isCloseTo(m.get(e).get("gradient_factor").asDouble(), within(1e-12));
      for (String key : List.of("train_loss", "test_loss", "test_accuracy", "learning_rate", "seconds")) {
        EventFiles.Value v = EventFiles.values(tb, "epoch/" + key).get(e);
        assertThat(v.step()).isEqualTo(e);
        assertThat(v.value().getSimpleValue()).as(key).isEqualTo((float) m.get(e).get(key).asDouble());
      }
      for (String key : List.of("lambda_max", "hessian_trace", "sharpness_1d")) {
        EventFiles.Value v = EventFiles.values(tb, "flatness/" + key).get(e);
        assertThat(v.value().getSimpleValue()).as(key).isEqualTo((float) m.get(e).get(key).asDouble());
      }
    }
    // sech reshaping: L_fin and f' differ from L and 1, so the three series are not copies of one another
    assertThat(fin[0]).isNotEqualTo(l[0]);
    assertThat(f[0]).isNotEqualTo(1f);
    assertThat(values(EventFiles.values(tb, "train/learning_rate"))).hasSize(20).containsOnly(0.05f);
    for (int e = 0; e < 2; e++) {
      HistogramProto w = EventFiles.values(tb, "weights/model/w").get(e).value().getHisto();
      assertThat(w.getNum()).isEqualTo(TinyProblem.DIM * TinyProblem.CLASSES);
      assertThat(EventFiles.values(tb, "weights/model/b").get(e).value().getHisto().getNum()).isEqualTo(TinyProblem.CLASSES);
      HistogramProto g = EventFiles.values(tb, "gradients/model/w").get(e).value().getHisto();
      assertThat(g.getNum()).isEqualTo(TinyProblem.DIM * TinyProblem.CLASSES);
      assertThat(g.getSumSquares()).isPositive();
    }
    Event graph = EventFiles.events(tb).stream().filter(Event::hasGraphDef).findFirst().orElseThrow();
    assertThat(GraphDef.parseFrom(graph.getGraphDef()).getNodeList()).anyMatch(n -> n.getName().equals("train_step"));
    // 8-D feature vectors are no images: no grid
    assertThat(EventFiles.values(tb)).noneMatch(v -> v.tag().startsWith("misclassified"));
  }

  @Test
  void aResumedRunAppendsAFileAndContinuesAtTheCheckpointStep(@TempDir Path out) {
    try (Trainer t = new Trainer(config(out).maxSteps(15).build(), TRAIN, Map.of("test", TEST))) {
      t.fit();
    }
    try (Trainer t = new Trainer(config(out).resume(true).build(), TRAIN, Map.of("test", TEST))) {
      t.fit();
    }
    Path tb = out.resolve("tensorboard");
    List<Path> files = EventFiles.files(tb);
    assertThat(files).hasSize(2);
    List<Event> second = EventFiles.read(files.get(1));
    Event start = second.stream().filter(Event::hasSessionLog).findFirst().orElseThrow();
    assertThat(start.getSessionLog().getStatus()).isEqualTo(SessionLog.SessionStatus.START);
    assertThat(start.getStep()).isEqualTo(15);
    assertThat(EventFiles.values(tb, "train/loss")).extracting(EventFiles.Value::step).containsExactlyElementsOf(
        java.util.stream.LongStream.range(0, 20).boxed().toList());
    assertThat(EventFiles.values(tb, "epoch/test_accuracy")).extracting(EventFiles.Value::step).containsExactly(0L, 1L);
  }

  @Test
  void withoutTheListenerNothingIsWritten(@TempDir Path out) {
    TrainerConfig.Builder b = TrainerConfig.builder(new TinyProblem.Linear(),
        new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9)).epochs(1).outputDir(out).logInterval(0);
    try (Trainer t = new Trainer(b.build(), TRAIN, Map.of())) {
      t.fit();
    }
    assertThat(out.resolve("tensorboard")).doesNotExist();
    assertThat(out.resolve("metrics.jsonl")).exists();
  }
}
