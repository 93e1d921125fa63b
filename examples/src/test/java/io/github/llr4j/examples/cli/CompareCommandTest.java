package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare on a generated image-folder data set: the sech-last method reshapes only in the last
 * third, the table's numbers are the runs' own, and a study continues from its JSON files alone.
 */
class CompareCommandTest {

  private static String[] compare(Path data, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("compare", "--dataset", "folder", "--data", data.toString(),
        "--model", "small_cnn", "--methods", "plain,sech-last", "--epochs", "3", "--seeds", "1",
        "--batch-size", "16", "--lr", "0.05", "--diag-examples", "32", "--iterations", "3", "--hutchinson", "2",
        "--points", "5", "--out", out.toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  void sechLastReshapesTheLastThirdAndAStudyContinuesWithoutCheckpoints(@TempDir Path tmp) throws IOException {
    Path data = TinyImages.write(tmp.resolve("data"), 7, 24, 8);
    Path out = tmp.resolve("study");
    CliRun run = CliRun.of(compare(data, out));
    assertThat(run.code()).as(run.err()).isZero();

    // 3 epochs: sech only in the last one (ceil(3 / 3) = 1), plain before it
    List<String> lines = Files.readAllLines(out.resolve("sech-last/s1/metrics.jsonl"));
    assertThat(lines).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(lines.get(0)).get("gradient_factor").asDouble()).isEqualTo(1.0);
    assertThat(json.readTree(lines.get(1)).get("gradient_factor").asDouble()).isEqualTo(1.0);
    assertThat(json.readTree(lines.get(2)).get("gradient_factor").asDouble()).isNotEqualTo(1.0);
    assertThat(json.readTree(lines.get(2)).get("train_loss").asDouble())
        .isNotEqualTo(json.readTree(lines.get(2)).get("reshaped_loss").asDouble());

    // the table's numbers are the run's own
    JsonNode summary = json.readTree(out.resolve("sech-last/s1/summary.json").toFile());
    JsonNode report = json.readTree(out.resolve("compare.json").toFile());
    assertThat(report.at("/sech-last/test_accuracy/values/0").asDouble()).isEqualTo(summary.get("test_accuracy").asDouble());
    assertThat(report.at("/sech-last/best_test_accuracy/values/0").asDouble())
        .isEqualTo(summary.get("best_test_accuracy").asDouble());
    double trainingSeconds = 0;
    for (String l : lines) trainingSeconds += json.readTree(l).get("seconds").asDouble();
    assertThat(report.at("/sech-last/training_seconds/values/0").asDouble()).isEqualTo(trainingSeconds);
    assertThat(report.at("/sech-last/final_train_loss/values/0").asDouble())
        .isEqualTo(json.readTree(lines.get(2)).get("train_loss").asDouble());
    // small_cnn is a plain ReLU chain (batch norm folded): the PSI columns are filled
    JsonNode row = json.readTree(out.resolve("sech-last/s1/compare-row.json").toFile());
    assertThat(row.get("psi_log10_ratio").asDouble()).isPositive();
    assertThat(report.at("/sech-last/psi_log10_ratio/values/0").asDouble()).isEqualTo(row.get("psi_log10_ratio").asDouble());
    String firstReport = Files.readString(out.resolve("compare.json"));

    // keep only the JSON files, as a study committed to git would: resuming trains and analyses nothing
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(p -> p.getFileName().toString().equals("checkpoint")).toList()) delete(p);
    }
    CliRun again = CliRun.of(compare(data, out, "--resume"));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("already trained and analysed").doesNotContain("flatness:");
    assertThat(Files.readString(out.resolve("compare.json"))).isEqualTo(firstReport);

    // a kept row made with another budget is refused with the differing setting named
    String[] changed = compare(data, out, "--resume");
    changed[java.util.Arrays.asList(changed).indexOf("--hutchinson") + 1] = "3";
    CliRun other = CliRun.of(changed);
    assertThat(other.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(other.err()).contains("compare-row.json was made with other settings: hutchinson 2 (run) vs 3 (now)");
  }

  private static void delete(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
