package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.nlp.task.TextRunCard;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17, items 1, 2 and 7 through the command line: resume checks before any write, data identity, model.json validation. */
class RunFolderCommandTest {

  @TempDir static Path data;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 3, 12, 12);
  }

  private static String[] train(Path out, String model, String batch, String... extra) {
    String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", model, "--epochs", "2",
        "--batch-size", batch, "--val-fraction", "0", "--log-every", "0", "--out", out.toString()};
    String[] all = new String[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return all;
  }

  @Test
  void refusedResumesChangeNothingAndNameTheDifference(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    CliRun first = CliRun.of(train(out, "resnet20", "8", "--max-steps", "3"));
    assertThat(first.code()).as(first.err()).isZero();
    byte[] card = Files.readAllBytes(out.resolve("model.json"));
    byte[] manifest = Files.readAllBytes(out.resolve("manifest.json"));
    @SuppressWarnings("unchecked")
    Map<String, Object> identity = (Map<String, Object>) RunFolder.read(out).readObject("manifest.json").get("data");
    assertThat(identity).containsEntry("dataset", "folder").containsEntry("batch_size", 8)
        .containsEntry("limit_train", 0).containsEntry("val_fraction", 0.0);

    // item 1: another model is refused before model.json is touched
    CliRun otherModel = CliRun.of(train(out, "resnet32", "8", "--resume"));
    assertThat(otherModel.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(otherModel.err()).contains("different configuration").contains("model resnet20 (run) vs resnet32 (now)");
    assertThat(Files.readAllBytes(out.resolve("model.json"))).isEqualTo(card);
    assertThat(Files.readAllBytes(out.resolve("manifest.json"))).isEqualTo(manifest);

    // item 2: other data (batch size, sample) are refused, naming the fields
    CliRun otherData = CliRun.of(train(out, "resnet20", "4", "--resume", "--limit-train", "20"));
    assertThat(otherData.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(otherData.err()).contains("data.batch_size 8 (run) vs 4 (now)").contains("data.limit_train 0 (run) vs 20 (now)");
    assertThat(Files.readAllBytes(out.resolve("model.json"))).isEqualTo(card);

    CliRun same = CliRun.of(train(out, "resnet20", "8", "--resume"));
    assertThat(same.code()).as(same.err()).isZero();
    assertThat(same.out()).contains("done: 2 epochs, 6 steps");
    // item 4 at the command line: a finished run is reported and kept
    byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
    CliRun again = CliRun.of(train(out, "resnet20", "8", "--resume"));
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("already finished (2 epochs); its results are kept").contains("test_accuracy");
    assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(summary);

    // item 7: model.json's image size is validated before any array is allocated
    String json = Files.readString(out.resolve("model.json")).replaceFirst("\"height\" : 8", "\"height\" : -8");
    Files.writeString(out.resolve("model.json"), json);
    CliRun pred = CliRun.of("predict", "--checkpoint", out.toString(), data.resolve("test/dark/0.png").toString());
    assertThat(pred.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(pred.err()).contains("model.json field 'height' must be in [1, 4096], got -8");
  }

  @Test
  void textCardVocabularyStaysInsideTheFolderAndFitsTheModel(@TempDir Path run) throws IOException {
    TransformerSpec spec = TransformerSpec.named("tiny", 120, 16, 2);
    Files.writeString(run.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\n");
    Files.writeString(run.resolve("model.json"), "{\"task\": \"text\", \"vocab\": \"vocab.txt\"}");
    assertThatThrownBy(() -> TextRunCard.vocabulary(RunCard.read(run), spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(run.resolve("vocab.txt") + " must have the encoder's vocab_size = 120 tokens (model.json), got 5");
    for (String bad : new String[] {"../vocab.txt", "/dev/zero", "/etc/hostname"}) {
      Files.writeString(run.resolve("model.json"), "{\"task\": \"text\", \"vocab\": \"" + bad + "\"}");
      assertThatThrownBy(() -> TextRunCard.vocabulary(RunCard.read(run), spec)).as(bad)
          .hasMessageContaining("field 'vocab'").hasMessageContaining("must be a relative name inside the run folder");
    }
  }
}
