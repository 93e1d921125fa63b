package io.github.llr4j.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TextSettingsTest {

  @Test
  void theBuilderStartsFromTheTextDefaults() {
    TextSettings s = TextSettings.builder("spam").build();
    assertThat(s).isEqualTo(new TextSettings("spam", null, null, null, "text", null, "label", "tiny", 128, 8000, 32, 1,
        0.1, 0.1, 0, null, null, 0.1, null));
    assertThat(s.pretrained()).isFalse();
    assertThat(TextSettings.builder("spam").model("hf:/models/bert").build().pretrained()).isTrue();
    assertThat(TextSettings.builder("spam").init(Path.of("runs/mlm")).build().pretrained()).isTrue();
  }

  @Test
  void badValuesNameTheirOption() {
    assertThatThrownBy(() -> TextSettings.builder("imdb").build())
        .hasMessage("--dataset must be spam, spam-body or table for --task text, got 'imdb'");
    assertThatThrownBy(() -> TextSettings.builder("table").build()).hasMessageContaining("--dataset table needs --file");
    assertThatThrownBy(() -> TextSettings.builder("spam").maxLength(4).build())
        .hasMessage("--max-length must be in [8, 512], got 4");
    assertThatThrownBy(() -> TextSettings.builder("spam").vocabSize(10).build())
        .hasMessage("--vocab-size must be >= 100, got 10");
    assertThatThrownBy(() -> TextSettings.builder("spam").valFraction(0.5).testFraction(0.5).build())
        .hasMessage("--val-fraction and --test-fraction must be >= 0 with sum < 1, got 0.5 and 0.5");
    assertThatThrownBy(() -> TextSettings.builder("spam").tokenizer(Path.of("t.json")).build())
        .hasMessageContaining("--tokenizer needs a pretrained --model");
    assertThatThrownBy(() -> TextSettings.builder("spam").pooling("max").build())
        .hasMessage("--pooling must be cls or mean, got 'max'");
    assertThatThrownBy(() -> TextSettings.builder("spam").dropout(1).build())
        .hasMessage("--dropout must be in [0, 1), got 1.0");
  }
}
