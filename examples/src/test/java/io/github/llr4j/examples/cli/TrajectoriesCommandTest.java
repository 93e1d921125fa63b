package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llr4j trajectories}: the means of hand-written trajectory files, the plots, and folders it refuses. */
class TrajectoriesCommandTest {

  private static Path run(Path dir, String... lines) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("trajectory.jsonl"), String.join("\n", lines) + "\n");
    return dir;
  }

  @Test
  void meansPlotsAndRefusals(@TempDir Path tmp) throws IOException {
    Path sgd = run(tmp.resolve("sgd"),
        "{\"step\":0,\"update_angle_degrees\":80.0,\"gradient_angle_degrees\":70.0,\"lambda_max\":4.0,\"loss\":2.3,"
            + "\"lambda_max_converged\":false}",
        "{\"step\":5,\"update_angle_degrees\":60.0,\"gradient_angle_degrees\":50.0,\"lambda_max\":8.0,\"loss\":1.1,"
            + "\"lambda_max_converged\":true}");
    // a sample with a zero update has no update angle (null): left out of that mean, not read as 0
    Path adam = run(tmp.resolve("adam"),
        "{\"step\":0,\"update_angle_degrees\":null,\"gradient_angle_degrees\":89.0,\"lambda_max\":3.0,\"loss\":2.3}",
        "{\"step\":5,\"update_angle_degrees\":88.0,\"gradient_angle_degrees\":87.0,\"lambda_max\":5.0,\"loss\":0.9}",
        "{\"step\":10,\"update_angle_degrees\":86.0,\"gradient_angle_degrees\":85.0,\"lambda_max\":7.0,\"loss\":0.7}");
    Path out = tmp.resolve("cmp");
    CliRun r = CliRun.of("trajectories", sgd.toString(), adam.toString(), "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("sgd").contains("adam").contains("70.00").contains("87.00");
    JsonNode rows = new ObjectMapper().readTree(out.resolve("trajectories.json").toFile()).get("runs");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("label").asText()).isEqualTo("sgd");
    assertThat(rows.get(0).get("samples").asInt()).isEqualTo(2);
    assertThat(rows.get(0).get("converged_samples").asInt()).isEqualTo(1);
    assertThat(rows.get(1).get("converged_samples").asInt()).isZero();
    assertThat(rows.get(0).get("mean_update_angle_degrees").asDouble()).isCloseTo(70.0, within(1e-12));
    assertThat(rows.get(0).get("mean_gradient_angle_degrees").asDouble()).isCloseTo(60.0, within(1e-12));
    assertThat(rows.get(0).get("mean_lambda_max").asDouble()).isCloseTo(6.0, within(1e-12));
    assertThat(rows.get(1).get("mean_update_angle_degrees").asDouble()).isCloseTo(87.0, within(1e-12));
    assertThat(rows.get(1).get("mean_gradient_angle_degrees").asDouble()).isCloseTo(87.0, within(1e-12));
    assertThat(rows.get(1).get("last_lambda_max").asDouble()).isEqualTo(7.0);
    assertThat(rows.get(1).get("last_loss").asDouble()).isEqualTo(0.7);
    for (String png : new String[] {"update-angle", "gradient-angle", "lambda-max"})
      assertThat(out.resolve("trajectories-" + png + ".png")).isNotEmptyFile();

    // two folders of the same name: the legend uses the paths
    Path other = run(tmp.resolve("x/sgd"), "{\"step\":0,\"update_angle_degrees\":1.0,\"gradient_angle_degrees\":2.0,"
        + "\"lambda_max\":3.0,\"loss\":4.0}");
    CliRun same = CliRun.of("trajectories", sgd.toString(), other.toString(), "--out", out.toString());
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(new ObjectMapper().readTree(out.resolve("trajectories.json").toFile()).get("runs").get(1).get("label")
        .asText()).isEqualTo(other.toString());

    CliRun twice = CliRun.of("trajectories", sgd.toString(), sgd.toString(), "--out", out.toString());
    assertThat(twice.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(twice.err()).contains("each run must be given once, got " + sgd + " twice");

    Path plain = Files.createDirectories(tmp.resolve("plain"));
    CliRun missing = CliRun.of("trajectories", sgd.toString(), plain.toString(), "--out", out.toString());
    assertThat(missing.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(missing.err()).contains(plain + " has no trajectory.jsonl: train it with --track-trajectory N");
    Path empty = run(tmp.resolve("empty"));
    CliRun none = CliRun.of("trajectories", empty.toString(), "--out", out.toString());
    assertThat(none.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(none.err()).contains("trajectory.jsonl holds no samples");
    CliRun gone = CliRun.of("trajectories", tmp.resolve("nope").toString());
    assertThat(gone.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(gone.err()).contains("run folder must be an existing folder");
  }
}
