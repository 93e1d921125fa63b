package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.nlp.hf.SafeTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --task text} on pretrained encoders: pooling choices and bad input (exit 2, one line naming it). */
class PretrainedModelCommandTest {
  @TempDir Path dir;

  static final List<String> WORDS = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "good", "bad", "film",
      "very", "not");

  private Path table() throws IOException {
    Random r = new Random(3);
    List<String> lines = new ArrayList<>(List.of("label\ttext"));
    for (int i = 0; i < 40; i++) lines.add((i % 2 == 0 ? "pos\tvery good film" : "neg\tnot bad film " + r.nextInt(3)));
    return Files.write(dir.resolve("t.tsv"), lines);
  }

  /** A 1-layer BERT (H 8) without a pooler, as sentence-transformers folders are. */
  private Path folder(boolean pooler) throws IOException {
    Path hf = Files.createDirectories(dir.resolve(pooler ? "with-pooler" : "no-pooler"));
    Files.write(hf.resolve("vocab.txt"), WORDS);
    int v = WORDS.size(), h = 8, f = 16, p = 32;
    Files.writeString(hf.resolve("config.json"), "{\"vocab_size\": " + v + ", \"hidden_size\": " + h
        + ", \"num_hidden_layers\": 1, \"num_attention_heads\": 2, \"intermediate_size\": " + f
        + ", \"max_position_embeddings\": " + p + "}");
    Map<String, SafeTensors.Tensor> t = TinyBertWeights.of(v, h, f, p, 1, false, pooler);
    SafeTensors.write(hf.resolve("model.safetensors"), t);
    return hf;
  }

  private CliRun train(String model, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("train", "--task", "text", "--dataset", "table", "--file",
        table().toString(), "--model", model, "--max-length", "8", "--epochs", "1", "--max-steps", "2",
        "--log-every", "0", "--out", dir.resolve("run-" + dir.toFile().list().length).toString()));
    args.addAll(List.of(extra));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void poolingDefaultsFollowThePooler() throws IOException {
    CliRun none = train("hf:" + folder(false));
    assertThat(none.code()).as(none.err() + none.out()).isZero();
    assertThat(none.out()).contains("mean pooling").contains("initialised 21 encoder variables");
    CliRun cls = train("hf:" + folder(false), "--pooling", "cls");
    assertThat(cls.code()).as(cls.err() + cls.out()).isZero();
    assertThat(cls.out()).contains("cls pooling").contains("has no pooler; [CLS] pooling trains a fresh one");
    CliRun with = train("hf:" + folder(true));
    assertThat(with.code()).as(with.err() + with.out()).isZero();
    assertThat(with.out()).contains("cls pooling").contains("initialised 23 encoder variables");
    CliRun mean = train("hf:" + folder(true), "--pooling", "mean");
    assertThat(mean.code()).as(mean.err() + mean.out()).isZero();
    assertThat(mean.out()).contains("mean pooling").contains("initialised 21 encoder variables");
  }

  @Test
  void freezingAndLayerwiseDecayTrainAndBadValuesExitTwo() throws IOException {
    CliRun ok = train("hf:" + folder(false), "--freeze", "embeddings", "--freeze-layers", "1",
        "--layer-lr-decay", "0.5", "--clip-norm", "1");
    assertThat(ok.code()).as(ok.err() + ok.out()).isZero();
    Path summary;
    try (var files = Files.walk(dir)) {
      summary = files.filter(f -> f.getFileName().toString().equals("summary.json")).findFirst().orElseThrow();
    }
    assertThat(Files.readString(summary)).contains("finetune-adamw");
    CliRun deep = train("hf:" + folder(false), "--freeze-layers", "2");
    assertThat(deep.code()).isEqualTo(2);
    assertThat(deep.err().strip()).contains("frozen layer count must be at most the encoder's 1 layers, got 2")
        .doesNotContain("\n");
    CliRun decay = train("hf:" + folder(false), "--layer-lr-decay", "1.5");
    assertThat(decay.code()).isEqualTo(2);
    assertThat(decay.err()).contains("--layer-lr-decay must be in (0, 1], got 1.5");
    CliRun part = train("hf:" + folder(false), "--freeze", "head");
    assertThat(part.code()).isEqualTo(2);
    assertThat(part.err()).contains("--freeze must be embeddings, got 'head'");
    CliRun scratch = train("tiny", "--freeze", "embeddings");
    assertThat(scratch.code()).isEqualTo(2);
    assertThat(scratch.err()).contains("need a pretrained encoder");
    CliRun vision = CliRun.of("train", "--task", "vision", "--epochs", "1", "--layer-lr-decay", "0.9");
    assertThat(vision.code()).isEqualTo(2);
    assertThat(vision.err()).contains("--layer-lr-decay applies to --task text only, got --task vision; drop it");
  }

  @Test
  void badPretrainedInputExitsTwoNamingTheProblem() throws IOException {
    Path hf = folder(false);
    Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(hf.resolve("model.safetensors")));
    t.remove("encoder.layer.0.attention.self.key.bias");
    SafeTensors.write(hf.resolve("model.safetensors"), t);
    CliRun missing = train("hf:" + hf);
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err().strip()).contains("must hold the BERT tensor 'encoder.layer.0.attention.self.key.bias'")
        .doesNotContain("\n");

    Path more = folder(true);
    Files.writeString(more.resolve("vocab.txt"), "extra\n", StandardOpenOption.APPEND);
    CliRun vocab = train("hf:" + more);
    assertThat(vocab.code()).isEqualTo(2);
    assertThat(vocab.err()).contains("must have as many tokens as the embedding table has rows (10), got 11");

    // ModelProto{ir_version 8, graph{node{name "rnn1", op_type "LSTM"}}}, encoded by hand
    byte[] node = {0x1a, 4, 'r', 'n', 'n', '1', 0x22, 4, 'L', 'S', 'T', 'M'};
    byte[] graph = new byte[2 + node.length];
    graph[0] = 0x0a;
    graph[1] = (byte) node.length;
    System.arraycopy(node, 0, graph, 2, node.length);
    byte[] model = new byte[4 + graph.length];
    model[0] = 0x08;
    model[1] = 8;
    model[2] = 0x3a;
    model[3] = (byte) graph.length;
    System.arraycopy(graph, 0, model, 4, graph.length);
    Path onnx = Files.write(dir.resolve("lstm.onnx"), model);
    CliRun op = train("onnx:" + onnx);
    assertThat(op.code()).isEqualTo(2);
    assertThat(op.err()).contains("ONNX operator LSTM (node 'rnn1')").contains("is not supported");
  }
}
