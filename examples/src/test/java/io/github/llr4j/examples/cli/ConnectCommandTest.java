package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llr4j connect}: the curve's end points are the two runs (their losses and accuracies), files, refusals. */
class ConnectCommandTest {

  private static void train(Path data, Path out, String model, String seed) {
    CliRun r = CliRun.of("train", "--dataset", "folder", "--data", data.toString(), "--model", model, "--epochs", "2",
        "--batch-size", "8", "--lr", "0.05", "--val-fraction", "0", "--no-augment", "--seed", seed, "--log-every", "0",
        "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void curveBetweenTwoMlpRuns(@TempDir Path tmp) throws Exception {
    Path data = TinyImages.write(tmp.resolve("images"), 7, 16, 8);
    train(data, tmp.resolve("a"), "mlp_8", "1");
    train(data, tmp.resolve("b"), "mlp_8", "2");
    CliRun r = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--steps", "20",
        "--points", "5", "--limit", "32", "--limit-test", "16", "--batch-size", "16");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("loss barrier");
    JsonNode j = new ObjectMapper().readTree(tmp.resolve("a/connect/connect.json").toFile());
    assertThat(j.get("t")).hasSize(5);
    // t = 0 and t = 1 are the runs' own weights: curve and line agree there exactly
    for (int end : new int[] {0, 4}) {
      assertThat(j.get("curve_loss").get(end).asDouble()).isEqualTo(j.get("line_loss").get(end).asDouble());
      assertThat(j.get("curve_test_accuracy").get(end).asDouble()).isEqualTo(j.get("line_test_accuracy").get(end).asDouble());
    }
    // the end points' test accuracy is each run's own on the same 16 test images
    CliRun ownA = CliRun.of("attack", "--checkpoint", tmp.resolve("a").toString(), "--eps", "0", "--limit", "0", "--json");
    assertThat(ownA.code()).as(ownA.err()).isZero();
    assertThat(new ObjectMapper().readTree(ownA.out().strip()).get("clean_accuracy").asDouble())
        .isEqualTo(j.get("curve_test_accuracy").get(0).asDouble());
    assertThat(tmp.resolve("a/connect/connect.png")).isNotEmptyFile();
    assertThat(tmp.resolve("a/connect/connect.csv")).isNotEmptyFile();

    train(data, tmp.resolve("cnn"), "small_cnn", "1");
    CliRun bn = CliRun.of("connect", tmp.resolve("cnn").toString(), tmp.resolve("cnn").toString());
    assertThat(bn.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bn.err()).contains("connect needs a model without batch norm");
    CliRun other = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("cnn").toString());
    assertThat(other.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(other.err()).contains("connect needs two runs of the same model");
  }
}
