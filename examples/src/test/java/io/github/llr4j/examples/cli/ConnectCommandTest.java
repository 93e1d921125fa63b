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
    assertThat(j.get("aligned").asBoolean()).isFalse();

    // B aligned to A's unit norms, and the ensemble of 3 points on the curve (t = 0, 0.5, 1)
    CliRun al = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--steps", "20",
        "--points", "5", "--limit", "32", "--limit-test", "16", "--batch-size", "16", "--align", "--ensemble", "3",
        "--out", tmp.resolve("aligned").toString());
    assertThat(al.code()).as(al.err()).isZero();
    assertThat(al.out()).contains("aligned RUN_B to RUN_A's unit norms").contains("ensemble of 3 points on the curve");
    JsonNode ja = new ObjectMapper().readTree(tmp.resolve("aligned/connect.json").toFile());
    assertThat(ja.get("aligned").asBoolean()).isTrue();
    assertThat(ja.get("alignment").get("unmatched_units").asInt()).isZero();
    assertThat(ja.get("alignment").get("max_scale").asDouble()).isGreaterThan(ja.get("alignment").get("min_scale").asDouble());
    // the aligned B is the same function: its loss is B's up to float32 rounding, A's end is unchanged
    double lossB = j.get("curve_loss").get(4).asDouble();
    assertThat(Math.abs(ja.get("curve_loss").get(4).asDouble() - lossB)).isLessThan(1e-5 * lossB);
    assertThat(ja.get("curve_loss").get(0).asDouble()).isEqualTo(j.get("curve_loss").get(0).asDouble());
    JsonNode e = ja.get("ensemble");
    assertThat(e.get("t")).hasSize(3);
    assertThat(e.get("examples").asInt()).isEqualTo(16);
    // each end alone is the run's own test accuracy on the same 16 images, as in the profile
    assertThat(e.get("accuracy_a").asDouble()).isEqualTo(j.get("curve_test_accuracy").get(0).asDouble());
    assertThat(e.get("accuracy_b").asDouble()).isEqualTo(j.get("curve_test_accuracy").get(4).asDouble());
    assertThat(e.get("point_test_accuracy").get(1).asDouble()).isEqualTo(ja.get("curve_test_accuracy").get(2).asDouble());
    assertThat(e.get("curve_ensemble_accuracy").asDouble()).isBetween(0.0, 1.0);
    assertThat(ja.get("alignment").get("method").asText()).isEqualTo("norms");
    // the rescaling of B nearest A: closer than B itself, and still B's function
    CliRun near = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--steps", "0",
        "--points", "2", "--limit", "32", "--limit-test", "16", "--batch-size", "16", "--align", "nearest",
        "--out", tmp.resolve("nearest").toString());
    assertThat(near.code()).as(near.err()).isZero();
    JsonNode jn = new ObjectMapper().readTree(tmp.resolve("nearest/connect.json").toFile());
    assertThat(jn.get("alignment").get("method").asText()).isEqualTo("nearest");
    assertThat(jn.get("alignment").get("endpoint_distance_after").asDouble())
        .isLessThan(jn.get("alignment").get("endpoint_distance_before").asDouble());
    assertThat(Math.abs(jn.get("curve_loss").get(1).asDouble() - lossB)).isLessThan(1e-5 * lossB);
    CliRun sideways = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--align", "sideways");
    assertThat(sideways.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(sideways.err()).contains("--align must be norms or nearest (or absent: no alignment), got 'sideways'");
    CliRun k1 = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("b").toString(), "--ensemble", "1");
    assertThat(k1.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(k1.err()).contains("--ensemble must be 0 (none) or >= 2");

    train(data, tmp.resolve("cnn"), "small_cnn", "1");
    CliRun bn = CliRun.of("connect", tmp.resolve("cnn").toString(), tmp.resolve("cnn").toString());
    assertThat(bn.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bn.err()).contains("connect needs a model without batch norm");
    CliRun other = CliRun.of("connect", tmp.resolve("a").toString(), tmp.resolve("cnn").toString());
    assertThat(other.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(other.err()).contains("connect needs two runs of the same model");
  }
}
