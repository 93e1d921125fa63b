package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.core.testing.EventFiles;
import io.github.llr4j.nlp.hf.SafeTensors;
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
        "--clip-norm", "1", "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(Files.readAllLines(out.resolve("vocab.txt"))).startsWith("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
        .contains("great", "awful");
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("config").get("optimizer").asText()).isEqualTo("clip-adamw");
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

  /** A 1-layer BERT (H 16) in Hugging Face layout with a vocabulary of the table's words. */
  private Path hfFolder() throws IOException {
    Path hf = Files.createDirectories(dir.resolve("hf"));
    List<String> vocab = new ArrayList<>(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"));
    vocab.addAll(List.of(FILLER));
    vocab.addAll(List.of("great", "wonderful", "excellent", "awful", "boring", "terrible"));
    Files.write(hf.resolve("vocab.txt"), vocab);
    int v = vocab.size(), h = 16, f = 32, p = 32;
    Files.writeString(hf.resolve("config.json"), "{\"hidden_act\": \"gelu\", \"vocab_size\": " + v
        + ", \"hidden_size\": " + h + ", \"num_hidden_layers\": 1, \"num_attention_heads\": 2,"
        + " \"intermediate_size\": " + f + ", \"max_position_embeddings\": " + p + ", \"type_vocab_size\": 2}");
    java.util.Map<String, SafeTensors.Tensor> t = TinyBertWeights.of(v, h, f, p, 5, true, true);
    SafeTensors.write(hf.resolve("model.safetensors"), t);
    return hf;
  }

  @Test
  void finetunesAHuggingFaceFolder() throws IOException {
    Path hf = hfFolder();
    Path out = dir.resolve("hfrun");
    CliRun r = CliRun.of("train", "--task", "text", "--dataset", "table", "--file", table("t.tsv", 200, 3).toString(),
        "--test-file", table("e.tsv", 40, 4).toString(), "--model", "hf:" + hf, "--max-length", "16",
        "--epochs", "5", "--batch-size", "16", "--lr", "3e-3", "--log-every", "0", "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    assertThat(r.out()).contains("initialised 23 encoder variables from " + hf.resolve("model.safetensors"));
    assertThat(Files.readAllLines(out.resolve("vocab.txt"))).isEqualTo(Files.readAllLines(hf.resolve("vocab.txt")));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(s.get("test_accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
    CliRun k = CliRun.of("classify", "--checkpoint", out.toString(), "what a wonderful story");
    assertThat(k.code()).as(k.err()).isZero();
    assertThat(k.out()).startsWith("pos\t");
    // --max-length beyond max_position_embeddings is refused
    CliRun bad = CliRun.of("train", "--task", "text", "--dataset", "table", "--file", dir.resolve("t.tsv").toString(),
        "--model", "hf:" + hf, "--max-length", "64", "--epochs", "1", "--out", dir.resolve("bad").toString());
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--max-length must be <= 32");
  }

  @Test
  void pretrainsWithMlmThenFinetunesFromTheCheckpoint() throws IOException {
    Path train = table("p.tsv", 200, 5);
    Path mlm = dir.resolve("mlm");
    CliRun p = CliRun.of("pretrain", "--task", "mlm", "--dataset", "table", "--file", train.toString(),
        "--model", "tiny", "--max-length", "16", "--vocab-size", "200", "--epochs", "2", "--log-every", "0",
        "--out", mlm.toString());
    assertThat(p.code()).as(p.err() + p.out()).isZero();
    assertThat(p.out()).contains("160 unlabeled texts").contains("final MLM loss");
    assertThat(mlm.resolve("checkpoint/ckpt.index")).exists();
    // TensorBoard is on by default: 5 steps per epoch (160 texts, batch 32), averaging to metrics.jsonl's loss
    List<String> metrics = Files.readAllLines(mlm.resolve("metrics.jsonl"));
    ObjectMapper json = new ObjectMapper();
    List<EventFiles.Value> loss = EventFiles.values(mlm.resolve("tensorboard"), "train/loss");
    assertThat(loss).hasSize(10);
    for (int e = 0; e < 2; e++) {
      double sum = 0;
      for (int i = 5 * e; i < 5 * e + 5; i++) sum += loss.get(i).value().getSimpleValue();
      assertThat(sum / 5).isCloseTo(json.readTree(metrics.get(e)).get("train_loss").asDouble(), within(1e-12));
    }
    assertThat(EventFiles.values(mlm.resolve("tensorboard"), "epoch/train_loss")).hasSize(2);
    Path out = dir.resolve("ft");
    CliRun r = CliRun.of("train", "--task", "text", "--dataset", "table", "--file", train.toString(),
        "--init", mlm.toString(), "--max-length", "16", "--epochs", "1", "--log-every", "0", "--out", out.toString());
    assertThat(r.code()).as(r.err() + r.out()).isZero();
    // tiny: 5 embedding variables + 2 layers x 16; the pooler and the classifier stay fresh
    assertThat(r.out()).contains("initialised 37 encoder variables from " + mlm);
    assertThat(Files.readAllLines(out.resolve("vocab.txt"))).isEqualTo(Files.readAllLines(mlm.resolve("vocab.txt")));
    CliRun wrong = CliRun.of("pretrain", "--task", "nsp", "--epochs", "1");
    assertThat(wrong.code()).isEqualTo(2);
    assertThat(wrong.err()).contains("--task must be mlm");
  }

  @Test
  void textFlagsAreValidated() {
    CliRun r = CliRun.of("train", "--task", "text", "--dataset", "table", "--epochs", "1");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--dataset table needs --file");
    CliRun c = CliRun.of("train", "--task", "text", "--dataset", "table", "--file", dir.resolve("t.tsv").toString(),
        "--epochs", "1", "--clip-norm", "0");
    assertThat(c.code()).isEqualTo(2);
    assertThat(c.err()).contains("--clip-norm must be a positive number, got 0.0");
    CliRun k = CliRun.of("classify", "--checkpoint", dir.toString(), "x");
    assertThat(k.code()).isEqualTo(2);
    assertThat(k.err()).contains("model.json");
  }
}
