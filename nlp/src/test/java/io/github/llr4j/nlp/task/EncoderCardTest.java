package io.github.llr4j.nlp.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.nlp.model.Activation;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncoderCardTest {
  private static RunCard card(Map<String, Object> encoder) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("encoder", encoder);
    return new RunCard(v);
  }

  @Test
  void theActivationRoundTripsAndOldCardsReadAsExactGelu() {
    TransformerSpec tanh = TransformerSpec.builder("custom", 30, 12, 8, 1, 2, 16, 2)
        .activation(Activation.GELU_TANH).build();
    Map<String, Object> e = TextRunCard.specToMap(tanh);
    assertThat(e.get("activation")).isEqualTo("gelu_tanh");
    assertThat(TextRunCard.spec(card(e))).isEqualTo(tanh);
    e.remove("activation");
    assertThat(TextRunCard.spec(card(e)).activation()).isEqualTo(Activation.GELU);
    e.put("activation", "swish");
    assertThatThrownBy(() -> TextRunCard.spec(card(e))).hasMessageContaining("got 'swish'");
  }
}
