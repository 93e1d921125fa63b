package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.testing.EventFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;

/**
 * TensorBoard event files of {@code train} and {@code attack} on a tiny vision run (8x8 RGB
 * folder images, ResNet-20, 2 epochs of 5 steps), read back with their checksums verified.
 */
class TensorBoardCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path data;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 7, 48, 16);
  }

  private static CliRun train(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "folder", "--data", data.toString(),
        "--model", "resnet20", "--epochs", "2", "--batch-size", "16", "--val-fraction", "0.25", "--log-every", "0",
        "--out", out.toString()));
    args.addAll(List.of(extra));
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    return run;
  }

  private static List<JsonNode> metrics(Path out) throws IOException {
    List<JsonNode> m = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.jsonl"))) m.add(JSON.readTree(l));
    return m;
  }

  @Test
  void trainAndAttackWriteEveryTagWithTheLoggedValues(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    // a learning rate of 1e-6 leaves the model untrained: it misclassifies test images, so the grid is not empty
    train(out, "--lr", "1e-6", "--reshape", "sech");
    Path tb = out.resolve("tensorboard");
    assertThat(EventFiles.files(tb)).hasSize(1);
    List<JsonNode> m = metrics(out);
    List<EventFiles.Value> loss = EventFiles.values(tb, "train/loss");
    assertThat(loss).extracting(EventFiles.Value::step).containsExactlyElementsOf(LongStream.range(0, 10).boxed().toList());
    for (int e = 0; e < 2; e++) {
      double sum = 0;
      for (int i = 5 * e; i < 5 * e + 5; i++) sum += loss.get(i).value().getSimpleValue();
      assertThat(sum / 5).isCloseTo(m.get(e).get("train_loss").asDouble(), within(1e-12));
      for (String key : List.of("val_accuracy", "test_accuracy", "test_loss", "reshaped_loss", "learning_rate")) {
        EventFiles.Value v = EventFiles.values(tb, "epoch/" + key).get(e);
        assertThat(v.step()).isEqualTo(e);
        assertThat(v.value().getSimpleValue()).as(key).isEqualTo((float) m.get(e).get(key).asDouble());
      }
    }
    assertThat(EventFiles.values(tb, "train/gradient_factor")).hasSize(10);
    // metrics.jsonl's learning rate is the one fed at the epoch's last step (cosine per epoch)
    List<EventFiles.Value> lr = EventFiles.values(tb, "train/learning_rate");
    assertThat(lr).hasSize(10);
    assertThat(lr.get(4).value().getSimpleValue()).isEqualTo((float) m.get(0).get("learning_rate").asDouble());
    assertThat(lr.get(9).value().getSimpleValue()).isEqualTo((float) m.get(1).get("learning_rate").asDouble());
    assertThat(lr.get(9).value().getSimpleValue()).isLessThan(lr.get(0).value().getSimpleValue());
    List<String> tags = EventFiles.values(tb).stream().map(EventFiles.Value::tag).distinct().toList();
    assertThat(tags).anyMatch(t -> t.startsWith("weights/model/")).anyMatch(t -> t.startsWith("gradients/model/"));
    EventFiles.Value someWeights = EventFiles.values(tb).stream().filter(v -> v.tag().startsWith("weights/")).findFirst()
        .orElseThrow();
    assertThat(someWeights.value().getHisto().getNum()).isPositive();
    assertThat(EventFiles.events(tb)).anyMatch(Event::hasGraphDef);

    // the grid holds every misclassified test image (32 of them, all scanned): (1 - accuracy) * 32 tiles of 8x8 + borders
    int wrong = (int) Math.round((1 - m.get(1).get("test_accuracy").asDouble()) * 32);
    assertThat(wrong).isPositive();
    EventFiles.Value grid = EventFiles.values(tb).stream().filter(v -> v.tag().startsWith("misclassified/test")
        && v.value().hasImage() && v.step() == 1).findFirst().orElseThrow();
    int cols = (int) Math.ceil(Math.sqrt(wrong));
    int rows = (wrong + cols - 1) / cols;
    assertThat(grid.value().getImage().getWidth()).isEqualTo(cols * 9 + 1);
    assertThat(grid.value().getImage().getHeight()).isEqualTo(rows * 9 + 1);
    assertThat(grid.value().getImage().getColorspace()).isEqualTo(3);
    String labels = EventFiles.values(tb, "misclassified/test_labels").get(1).value().getTensor().getStringVal(0)
        .toStringUtf8();
    assertThat(labels).startsWith(wrong + " of the first 32 test examples are misclassified");

    CliRun attack = CliRun.of("attack", "--checkpoint", out.toString(), "--eps", "0,0.05", "--steps", "2", "--limit", "16",
        "--json");
    assertThat(attack.code()).as(attack.err()).isZero();
    List<String> lines = attack.out().lines().toList();
    Path curve = tb.resolve("attack-pgd");
    List<EventFiles.Value> robust = EventFiles.values(curve, "robust_accuracy");
    assertThat(robust).extracting(EventFiles.Value::step).containsExactly(0L, 1L);
    for (int i = 0; i < 2; i++) {
      JsonNode p = JSON.readTree(lines.get(i));
      assertThat(robust.get(i).value().getSimpleValue()).isEqualTo((float) p.get("robust_accuracy").asDouble());
      assertThat(EventFiles.values(curve, "eps").get(i).value().getSimpleValue()).isEqualTo((float) p.get("eps").asDouble());
      assertThat(EventFiles.values(curve, "clean_accuracy").get(i).value().getSimpleValue())
          .isEqualTo((float) p.get("clean_accuracy").asDouble());
    }
  }

  @Test
  void noneWritesNoEventFileAndDirWritesThere(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    train(out, "--tensorboard", "none", "--max-steps", "2");
    assertThat(out.resolve("metrics.jsonl")).doesNotExist();
    assertThat(out.resolve("checkpoint")).exists();
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents"))).isEmpty();
    }
    Path elsewhere = tmp.resolve("events");
    train(tmp.resolve("run2"), "--tensorboard", elsewhere.toString(), "--max-steps", "2");
    assertThat(tmp.resolve("run2/tensorboard")).doesNotExist();
    assertThat(EventFiles.values(elsewhere, "train/loss")).extracting(EventFiles.Value::step).containsExactly(0L, 1L);
  }

  @Test
  void benchReportsTheListenersCostAndRefusesBadCounts() {
    CliRun run = CliRun.of("bench", "tensorboard", "--batch-size", "4", "--steps", "3", "--rounds", "2",
        "--steps-per-turn", "1", "--listener-steps", "2000");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("inside it the listener took \\d+\\.\\d us per step, \\d+\\.\\d\\d s to start")
        .containsPattern("step ratio with/without: \\d\\.\\d{4} \\+- \\d\\.\\d{4}")
        .containsPattern("listener alone: \\d+\\.\\d us per step");
    CliRun bad = CliRun.of("bench", "tensorboard", "--rounds", "0");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--steps-per-turn and --listener-steps must be >= 1");
  }
}
