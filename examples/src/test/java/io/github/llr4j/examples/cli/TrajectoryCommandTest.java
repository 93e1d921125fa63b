package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --track-trajectory N}: the samples, the plots, and SGD's first update along -gradient but not Adam's. */
class TrajectoryCommandTest {

  private static List<JsonNode> run(Path data, Path out, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "folder", "--data", data.toString(), "--model",
        "mlp_8", "--epochs", "2", "--batch-size", "16", "--lr", "0.05", "--val-fraction", "0", "--no-augment",
        "--log-every", "0", "--track-trajectory", "1", "--out", out.toString()));
    args.addAll(List.of(extra));
    CliRun r = CliRun.of(args.toArray(String[]::new));
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("trajectory: 2 samples in");
    List<JsonNode> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("trajectory.jsonl"))) lines.add(new ObjectMapper().readTree(l));
    return lines;
  }

  @Test
  void samplesPlotsAndTheFirstStepsOfSgdAndAdam(@TempDir Path tmp) throws IOException {
    // 16 images in one batch of 16: the measurement batch is the training batch, and the MLP has no
    // batch norm, so inference and training mode compute the same gradient
    Path data = TinyImages.write(tmp.resolve("images"), 7, 8, 4);
    List<JsonNode> sgd = run(data, tmp.resolve("sgd"), "--momentum", "0", "--weight-decay", "0");
    assertThat(sgd).extracting(j -> j.get("step").asInt()).containsExactly(0, 1);
    for (JsonNode j : sgd) {
      assertThat(j.get("update_angle_degrees").asDouble()).isBetween(0.0, 90.0);
      assertThat(j.get("lambda_max").asDouble()).isPositive();
      assertThat(j.get("loss").asDouble()).isPositive();
    }
    assertThat(tmp.resolve("sgd/trajectory.png")).isNotEmptyFile();
    assertThat(tmp.resolve("sgd/trajectory-curvature.png")).isNotEmptyFile();
    // plain SGD steps along -gradient of its batch, here the measured gradient
    assertThat(sgd.get(0).get("update_gradient_cosine").asDouble()).isGreaterThan(0.9999);
    // Adam's first step is lr * g / (|g| + eps) per coordinate: a sign vector, not parallel to g
    List<JsonNode> adam = run(data, tmp.resolve("adam"), "--optimizer", "adam", "--weight-decay", "0");
    assertThat(adam.get(0).get("update_gradient_cosine").asDouble()).isLessThan(0.95);
    // both runs' files in one comparison: the means are those of the recorded angles
    CliRun both = CliRun.of("trajectories", tmp.resolve("sgd").toString(), tmp.resolve("adam").toString(), "--out",
        tmp.resolve("both").toString());
    assertThat(both.code()).as(both.err()).isZero();
    JsonNode rows = new ObjectMapper().readTree(tmp.resolve("both/trajectories.json").toFile()).get("runs");
    assertThat(rows.get(1).get("mean_update_angle_degrees").asDouble()).isCloseTo(
        (adam.get(0).get("update_angle_degrees").asDouble() + adam.get(1).get("update_angle_degrees").asDouble()) / 2,
        org.assertj.core.api.Assertions.within(1e-9));
    assertThat(tmp.resolve("both/trajectories-update-angle.png")).isNotEmptyFile();

    CliRun bad = CliRun.of("train", "--dataset", "folder", "--data", data.toString(), "--epochs", "1",
        "--track-trajectory", "-1", "--out", tmp.resolve("x").toString());
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--track-trajectory must be >= 0, got -1");
  }
}
