package io.github.llr4j.nlp.savedmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}
