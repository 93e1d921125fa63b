package io.github.llr4j.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.testing.TensorValues;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class EncoderWeightsTest {

  @TempDir Path dir;

  static TransformerSpec spec(int classes) {
    return TransformerSpec.builder("custom", 30, 12, 8, 1, 2, 16, classes)
        .dropout(0).initializerRange(0.3).build();
  }

  @Test
  void restoreCopiesTheEncoderOfAPretrainingCheckpointAndLeavesTheHeadFresh() {
    float[] pretrainedQuery;
    float[] pretrainedWord;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = spec(2).buildForPretraining(tf.withSubScope("model"), 1);
      pretrainedQuery = TensorValues.fetch(s, m.weights().get("layer_0/attention/query/kernel"));
      pretrainedWord = TensorValues.fetch(s, m.weights().get("embeddings/word/table"));
      Checkpoints.save(s, dir, Map.of("epoch", 0));
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerModel m = spec(4).build(tf.withSubScope("model"), 2);
      float[] before = TensorValues.fetch(s, m.weights().get("layer_0/attention/query/kernel"));
      float[] headBefore = TensorValues.fetch(s, m.weights().get("classifier/kernel"));
      assertThat(before).isNotEqualTo(pretrainedQuery);
      List<String> copied = EncoderWeights.restore(tf, s, m, dir.resolve("checkpoint"),
          n -> !n.startsWith("classifier/") && !n.startsWith("pooler/"));
      // embeddings: word, position, type, norm gamma/beta = 5; one layer: 8 dense + 4 norm + 4 ffn = 16
      assertThat(copied).hasSize(21).contains("embeddings/word/table").doesNotContain("classifier/kernel");
      assertThat(TensorValues.fetch(s, m.weights().get("layer_0/attention/query/kernel"))).containsExactly(pretrainedQuery);
      assertThat(TensorValues.fetch(s, m.weights().get("embeddings/word/table"))).containsExactly(pretrainedWord);
      assertThat(TensorValues.fetch(s, m.weights().get("classifier/kernel"))).containsExactly(headBefore);
    }
  }

  @Test
  void aCheckpointOfAnotherShapeIsRefusedWithAFix() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      TransformerModel m = spec(2).buildForPretraining(Ops.create(g).withSubScope("model"), 1);
      Checkpoints.save(s, dir, Map.of("epoch", 0));
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TransformerSpec wider = TransformerSpec.builder("custom", 31, 12, 8, 1, 2, 16, 2)
          .dropout(0).initializerRange(0.3).build();
      TransformerModel m = wider.build(tf.withSubScope("model"), 2);
      assertThatThrownBy(() -> EncoderWeights.restore(tf, s, m, dir.resolve("checkpoint"), n -> true))
          .hasMessageContaining("does not fit this encoder");
    }
  }
}
