package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.github.llr4j.core.precision.CpuFeatures;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train / predict / resume through the command line on a generated image-folder data set: class
 * "dark" images have pixel values in [0, 0.3], class "bright" in [0.7, 1], 8x8 RGB.
 */
class TrainCommandTest {

  @TempDir static Path data;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 7, 48, 16);
  }

  private static String[] train(Path out, String... extra) {
    String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", "resnet20",
        "--epochs", "3", "--batch-size", "16", "--lr", "0.05", "--val-fraction", "0.25", "--log-every", "0",
        "--out", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void trainsReportsPredictsAndRefusesToOverwrite(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    CliRun run = CliRun.of(train(out, "--reshape", "sech", "--param", "plus-base=0.5"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("72 train / 24 val / 32 test examples of 8x8x3, 2 classes")
        .contains("function=sech").containsPattern("done: 3 epochs, 15 steps");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    assertThat(s.get("best_val_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(s.get("ms_per_step_median").asDouble()).isPositive();
    assertThat(s.get("config").get("model_spec").asText()).contains("ResNetCifar");
    // the banner counts the trained model: ResNet-20, 3 channels, 2 classes (269,722 for 10 classes less 8 x 65)
    assertThat(run.out()).contains("folder: 72 train / 24 val / 32 test examples of 8x8x3, 2 classes; resnet20 with 269,202 parameters");
    assertThat(new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("parameters").asLong())
        .isEqualTo(269_202L);

    CliRun again = CliRun.of(train(out));
    assertThat(again.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(again.err()).contains("already holds a run; pass --resume");

    Path img = data.resolve("test/bright/0.png");
    Path dark = data.resolve("test/dark/0.png");
    CliRun pred = CliRun.of("predict", "--checkpoint", out.toString(), img.toString(), dark.toString(),
        "--export", tmp.resolve("saved").toString());
    assertThat(pred.code()).as(pred.err()).isZero();
    assertThat(pred.out()).containsPattern("bright/0.png\tbright\t[01]\\.\\d{4}")
        .containsPattern("dark/0.png\tdark\t[01]\\.\\d{4}").contains("SavedModel written to");
    assertThat(tmp.resolve("saved/saved_model.pb")).exists();
  }

  @Test
  void interruptedRunResumesToTheEnd(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    assertThat(CliRun.of(train(out, "--max-steps", "5")).code()).isZero();
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(1);
    CliRun resumed = CliRun.of(train(out, "--resume"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("done: 3 epochs, 15 steps");
    assertThat(Files.readAllLines(out.resolve("metrics.jsonl"))).hasSize(3);

    CliRun nothing = CliRun.of(train(tmp.resolve("empty"), "--resume"));
    assertThat(nothing.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(nothing.err()).contains("--resume needs a run folder with a checkpoint");
  }

  /**
   * bf16 training on the 8x8 RGB images (3 input channels, which oneDNN's bf16 convolution gets
   * wrong unless Conv2d pads them): it learns the task, records the precision, and a resume in
   * another precision is refused naming the field.
   */
  @Test
  void bfloat16TrainsRecordsItsPrecisionAndRefusesAFloat32Resume(@TempDir Path tmp) throws IOException {
    Assumptions.assumeTrue(CpuFeatures.current().nativeBf16(), "CPU without AVX512-BF16 / AMX-BF16");
    Path out = tmp.resolve("run");
    CliRun run = CliRun.of(train(out, "--precision", "bf16"));
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    assertThat(s.get("config").get("precision").asText()).isEqualTo("bf16");

    Path part = tmp.resolve("part");
    assertThat(CliRun.of(train(part, "--precision", "bf16", "--max-steps", "5")).code()).isZero();
    CliRun other = CliRun.of(train(part, "--resume"));
    assertThat(other.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(other.err()).contains("precision");
  }

  @Test
  void precisionFlagErrors(@TempDir Path tmp) {
    CliRun bad = CliRun.of(train(tmp.resolve("a"), "--precision", "fp16"));
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err().strip()).isEqualTo("llr4j train: --precision must be fp32 or bf16, got 'fp16'");
    CliRun text = CliRun.of("train", "--task", "text", "--dataset", "spam", "--epochs", "1", "--precision", "bf16",
        "--out", tmp.resolve("b").toString());
    assertThat(text.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(text.err()).contains("--precision applies to --task vision and adversarial");
  }

  @Test
  void flagsOfAnotherTaskAreRefusedByNameBeforeAnythingStarts(@TempDir Path tmp) {
    // text reads none of SAM, the flatness probe or augmentation: it used to train without them silently
    CliRun text = CliRun.of("train", "--task", "text", "--dataset", "spam", "--epochs", "1", "--sam", "0.05",
        "--track-flatness", "1", "--out", tmp.resolve("t").toString());
    assertThat(text.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(text.err().strip()).isEqualTo("llr4j train: --sam, --track-flatness apply to --task vision and"
        + " adversarial only, got --task text; drop them");
    assertThat(tmp.resolve("t")).doesNotExist();
    // refused before --local-workers starts any worker process
    CliRun workers = CliRun.of("train", "--task", "text", "--dataset", "spam", "--epochs", "1", "--local-workers",
        "2", "--cutout", "--out", tmp.resolve("w").toString());
    assertThat(workers.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(workers.err().strip()).isEqualTo("llr4j train: --cutout applies to --task vision and"
        + " adversarial only, got --task text; drop it");
    assertThat(workers.out()).doesNotContain("worker");
    CliRun vision = CliRun.of("train", "--task", "adversarial", "--epochs", "1", "--max-length", "64", "--out",
        tmp.resolve("v").toString());
    assertThat(vision.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(vision.err().strip()).isEqualTo("llr4j train: --max-length applies to --task text only, got --task"
        + " adversarial; drop it");
    CliRun textEps = CliRun.of("train", "--task", "text", "--dataset", "spam", "--epochs", "1", "--eps", "0.1",
        "--robust-val", "0", "--out", tmp.resolve("e").toString());
    assertThat(textEps.err().strip()).isEqualTo("llr4j train: --eps, --robust-val apply to --task adversarial only,"
        + " got --task text; drop them");
  }

  @Test
  void everyTaskSpecificFlagNameIsATrainOption() {
    // hasMatchedOption is false for a name the command does not have: a renamed option would silently lose its check
    var train = new picocli.CommandLine(new TrainCommand()).getCommandSpec();
    for (var names : java.util.List.of(TaskFlags.TEXT_ONLY, TaskFlags.IMAGE_ONLY, TaskFlags.ADVERSARIAL_ONLY))
      for (String name : names) assertThat(train.findOption(name)).as(name).isNotNull();
  }

  @Test
  void missingDataIsAOneLineErrorNamingThePath(@TempDir Path tmp) {
    CliRun run = CliRun.of("train", "--dataset", "cifar10", "--data", tmp.resolve("none").toString(),
        "--epochs", "1", "--out", tmp.resolve("o").toString());
    assertThat(run.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(run.err()).contains("cifar10: directory not found").contains("none");
  }

  @Test
  void tradesTrainingAndItsFlags(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("trades");
    CliRun run = CliRun.of(train(out, "--task", "adversarial", "--method", "trades", "--beta", "3", "--eps", "0.05",
        "--step-size", "0.02", "--steps", "2", "--robust-val", "0", "--eps-ramp", "1"));
    assertThat(run.code()).as(run.err()).isZero();
    String manifest = Files.readString(out.resolve("manifest.json"));
    assertThat(manifest).contains("trades(eps=ramp(0->0.05 over 1.0 epochs)").contains("beta=3.0");
    assertThat(manifest).doesNotContain("val_robust");
    CliRun noTrades = CliRun.of(train(tmp.resolve("x"), "--task", "adversarial", "--beta", "3"));
    assertThat(noTrades.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(noTrades.err()).contains("--beta is the TRADES weight; use it with --method trades");
    CliRun vision = CliRun.of(train(tmp.resolve("y"), "--method", "trades"));
    assertThat(vision.err()).contains("--method applies to --task adversarial only, got --task vision; drop it");
  }

  @Test
  void adversarialTrainingThenAttackSweepAsJson(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("adv");
    CliRun run = CliRun.of(train(out, "--task", "adversarial", "--eps", "0.05", "--step-size", "0.02", "--steps", "2"));
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(Files.readString(out.resolve("manifest.json"))).contains("pgd-at(eps=0.05");
    // robust early stopping is on by default: the selected epoch's weights are kept in best/
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("selection").asText()).isEqualTo("max val_robust_accuracy");
    int selected = summary.get("selected_epoch").asInt();
    List<String> epochs = Files.readAllLines(out.resolve("metrics.jsonl"));
    double bestRobust = -1;
    for (String l : epochs) bestRobust = Math.max(bestRobust, new ObjectMapper().readTree(l).get("val_robust_accuracy").asDouble());
    assertThat(new ObjectMapper().readTree(epochs.get(selected)).get("val_robust_accuracy").asDouble()).isEqualTo(bestRobust);
    assertThat(run.out()).contains("selected epoch " + selected + "; its weights are in " + out.resolve("best"));
    CliRun atBest = CliRun.of("attack", "--checkpoint", out.resolve("best").toString(), "--eps", "0", "--limit", "0",
        "--json");
    assertThat(atBest.code()).as(atBest.err()).isZero();
    assertThat(new ObjectMapper().readTree(atBest.out().strip()).get("clean_accuracy").asDouble())
        .isEqualTo(new ObjectMapper().readTree(epochs.get(selected)).get("test_accuracy").asDouble());
    CliRun attack = CliRun.of("attack", "--checkpoint", out.toString(), "--eps", "0,0.1,0.6", "--steps", "10",
        "--limit", "0", "--json");
    assertThat(attack.code()).as(attack.err()).isZero();
    String[] lines = attack.out().strip().split("\n");
    assertThat(lines).hasSize(3);
    ObjectMapper m = new ObjectMapper();
    double clean = m.readTree(lines[0]).get("clean_accuracy").asDouble();
    double prev = 2;
    for (String l : lines) {
      JsonNode j = m.readTree(l);
      assertThat(j.get("examples").asInt()).isEqualTo(32);
      assertThat(j.get("robust_accuracy").asDouble()).isLessThanOrEqualTo(prev);
      prev = j.get("robust_accuracy").asDouble();
    }
    assertThat(m.readTree(lines[0]).get("robust_accuracy").asDouble()).isEqualTo(clean);
    // at 0.6 a dark and a bright image can both be moved to the same picture
    assertThat(prev).isLessThanOrEqualTo(0.5);
    CliRun bad = CliRun.of("attack", "--checkpoint", out.toString(), "--eps", "0.1", "--attack", "cw");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--attack must be fgsm, pgd, pgd-l2 or apgd-ce");
  }
}
