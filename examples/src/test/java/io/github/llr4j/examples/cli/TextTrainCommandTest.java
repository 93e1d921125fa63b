package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --task text on a generated TSV table (a review is "pos" when it holds one of three praise
 * words, "neg" when it holds one of three complaint words, among random filler words), then
 * classify from the run folder alone.
 */
class TextTrainCommandTest {

  @TempDir Path dir;

  static final String[] FILLER = {"the", "movie", "was", "plot", "actor", "scene", "really", "quite",
      "story", "music", "ending", "film", "and", "it", "very", "camera"};

  private Path table(String name, int n, long seed) throws IOException {
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>(List.of("label\ttext"));
    for (int i = 0; i < n; i++) {
      boolean pos = i % 2 == 0;
      List<String> words = new ArrayList<>();
      for (int k = 0; k < 4 + r.nextInt(5); k++) words.add(FILLER[r.nextInt(FILLER.length)]);
      String[] cue = pos ? new String[] {"great", "wonderful", "excellent"} : new String[] {"awful", "boring", "terrible"};
      words.add(r.nextInt(words.size() + 1), cue[r.nextInt(3)]);
      lines.add((pos ? "pos" : "neg") + "\t" + String.join(" ", words));
    }
    return Files.write(dir.resolve(name), lines);
  }

  @Test
  void trainsWritesClassificationMetricsAndClassifies() throws IOException {
    Path train = table("train.tsv", 240, 1);
    Path test = table("test.tsv", 60, 2);
    Path out = dir.resolve("run");
    CliRun r = CliRun.of("train", "--task", "text", "--dataset", "table", "--file", train.toString(),
        "--test-file", test.toString(), "--model", "tiny", "--max-length", "16", "--vocab-size", "200",
        "--epochs", "6", "--batch-size", "16", "--lr", "2e-3", "--val-fraction", "0.1", "--log-every", "0",
        "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(Files.readAllLines(out.resolve("vocab.txt"))).startsWith("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
        .contains("great", "awful");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.95);
    JsonNode c = s.get("classification").get("test_confusion");
    long total = 0, diag = 0;
    for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) {
      total += c.get(i).get(j).asLong();
      if (i == j) diag += c.get(i).get(j).asLong();
    }
    assertThat(total).isEqualTo(60);
    assertThat((double) diag / total).isEqualTo(s.get("test_accuracy").asDouble());
    assertThat(s.get("test_macro_f1").asDouble()).isGreaterThan(0.9);
    // labels are sorted: neg = 0, pos = 1; per-class support from the test file (30 each)
    assertThat(s.get("classification").get("test_per_class").get("pos").get("support").asInt()).isEqualTo(30);

    CliRun k = CliRun.of("classify", "--checkpoint", out.toString(),
        "the film was excellent and the music wonderful", "boring plot and a terrible ending");
    assertThat(k.code()).as(k.err()).isZero();
    String[] lines = k.out().trim().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("pos\t");
    assertThat(lines[1]).startsWith("neg\t");
    assertThat(Double.parseDouble(lines[0].split("\t")[1])).isGreaterThan(0.5);
  }

  @Test
  void textFlagsAreValidated() {
    CliRun r = CliRun.of("train", "--task", "text", "--dataset", "table", "--epochs", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--dataset table needs --file");
    CliRun k = CliRun.of("classify", "--checkpoint", dir.toString(), "x");
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("model.json");
  }
}
