package io.github.llr4j.nlp.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.model.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SavedModelBertTest {
  @TempDir Path dir;

  @Test
  void tfBertNamesMapToHuggingFaceNames() {
    assertThat(SavedModelBert.hfName("embeddings/word_embeddings")).isEqualTo("embeddings.word_embeddings.weight");
    assertThat(SavedModelBert.hfName("embeddings/token_type_embeddings"))
        .isEqualTo("embeddings.token_type_embeddings.weight");
    assertThat(SavedModelBert.hfName("embeddings/LayerNorm/gamma")).isEqualTo("embeddings.LayerNorm.weight");
    assertThat(SavedModelBert.hfName("embeddings/LayerNorm/beta")).isEqualTo("embeddings.LayerNorm.bias");
    assertThat(SavedModelBert.hfName("encoder/layer_11/attention/self/query/kernel"))
        .isEqualTo("encoder.layer.11.attention.self.query.weight");
    assertThat(SavedModelBert.hfName("encoder/layer_0/attention/output/dense/bias"))
        .isEqualTo("encoder.layer.0.attention.output.dense.bias");
    assertThat(SavedModelBert.hfName("encoder/layer_3/output/LayerNorm/gamma"))
        .isEqualTo("encoder.layer.3.output.LayerNorm.weight");
    assertThat(SavedModelBert.hfName("pooler/dense/kernel")).isEqualTo("pooler.dense.weight");
    assertThat(SavedModelBert.hfName("cls/predictions/output_bias")).isNull();
  }

  @Test
  void aFolderWithoutVariablesIsRefusedNamingIt() throws Exception {
    Files.write(dir.resolve("saved_model.pb"), new byte[] {1});
    assertThat(SavedModelBert.isSavedModel(dir)).isFalse();
    assertThatThrownBy(() -> SavedModelBert.read(dir)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SavedModel folder " + dir + " must contain saved_model.pb and variables/");
  }

  private static float[][] matrix(int rows, int cols, float offset) {
    float[][] m = new float[rows][cols];
    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) m[r][c] = offset + r * cols + c;
    return m;
  }

  @Test
  void aTinyExportedBertIsReadByNameWithKernelsTransposed() throws Exception {
    Path export = dir.resolve("tiny");
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Ops emb = tf.withSubScope("module").withSubScope("bert").withSubScope("embeddings");
      emb.withName("word_embeddings").variable(tf.constant(matrix(10, 64, 0)));
      emb.withName("position_embeddings").variable(tf.constant(matrix(6, 64, 1000)));
      emb.withName("token_type_embeddings").variable(tf.constant(matrix(2, 64, 2000)));
      Ops dense = tf.withSubScope("module").withSubScope("bert").withSubScope("encoder").withSubScope("layer_0")
          .withSubScope("intermediate").withSubScope("dense");
      dense.withName("kernel").variable(tf.constant(matrix(64, 8, 0)));
      dense.withName("bias").variable(tf.constant(new float[8]));
      tf.withSubScope("module").withSubScope("cls").withName("output_bias").variable(tf.constant(new float[10]));
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1)));
      s.initialize();
      SavedModelBundle.exporter(export.toString()).withSession(s)
          .withSignature(Signature.builder().key(Signature.DEFAULT_KEY).input("x", x).output("y", tf.identity(x)).build())
          .export();
    }
    PretrainedBert bert = SavedModelBert.read(export);
    assertThat(bert.config().vocabSize()).isEqualTo(10);
    assertThat(bert.config().hidden()).isEqualTo(64);
    assertThat(bert.config().heads()).isEqualTo(1);
    assertThat(bert.config().layers()).isEqualTo(1);
    assertThat(bert.config().intermediate()).isEqualTo(8);
    assertThat(bert.config().maxPositions()).isEqualTo(6);
    assertThat(bert.config().typeVocab()).isEqualTo(2);
    assertThat(bert.config().activation()).isEqualTo(Activation.GELU_TANH);
    assertThat(bert.tensors()).containsOnlyKeys("embeddings.word_embeddings.weight",
        "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
        "encoder.layer.0.intermediate.dense.weight", "encoder.layer.0.intermediate.dense.bias");
    // kernel [64, 8] with k[r][c] = 8 r + c, stored as PyTorch's [8, 64]: w[c][r] = k[r][c]
    var w = bert.tensors().get("encoder.layer.0.intermediate.dense.weight");
    assertThat(w.shape()).containsExactly(8, 64);
    assertThat(w.values()[1 * 64 + 3]).isEqualTo(3 * 8 + 1);
    assertThat(bert.tensors().get("embeddings.position_embeddings.weight").values()[65]).isEqualTo(1065);
  }
}
