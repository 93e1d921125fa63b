package io.github.llr4j.nlp.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.testing.TensorValues;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

class ActivationTest {
  private static final float[] X = {-3, -1, -0.5f, 0, 0.5f, 1, 2, 3};

  private static float[] apply(Activation a) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return TensorValues.fetch(s, a.apply(tf, tf.constant(X)));
    }
  }

  @Test
  void tanhGeluMatchesTheFormulaByHand() {
    // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), in double: e.g. x = 1: sqrt(2/pi) 1.044715
    // = 0.8335606, tanh = 0.6823840, half of 1.6823840 = 0.8411920
    float[] expected = {-0.0036373921f, -0.15880801f, -0.15428599f, 0f, 0.34571401f, 0.84119199f, 1.95459769f, 2.99636261f};
    float[] got = apply(Activation.GELU_TANH);
    for (int i = 0; i < X.length; i++) assertThat(got[i]).as("x = %s", X[i]).isCloseTo(expected[i], within(2e-6f));
  }

  @Test
  void exactGeluDiffersFromTheTanhApproximation() {
    // x Phi(x) at x = -3, 1, 3: the tanh form is off by 4.1e-4, -1.5e-4, 4.1e-4 there
    float[] got = apply(Activation.GELU);
    assertThat(got[0]).isCloseTo(-0.0040496941f, within(2e-6f));
    assertThat(got[5]).isCloseTo(0.84134475f, within(2e-6f));
    assertThat(got[7]).isCloseTo(2.99595031f, within(2e-6f));
  }

  @Test
  void cardNamesRoundTripAndUnknownNamesAreRefused() {
    for (Activation a : Activation.values()) assertThat(Activation.fromCardName(a.cardName())).isEqualTo(a);
    assertThatThrownBy(() -> Activation.fromCardName("relu"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gelu or gelu_tanh, got 'relu'");
  }

  @Test
  void builderKeepsEveryFieldAndSetsTheActivation() {
    TransformerSpec base = TransformerSpec.builder("custom", 20, 10, 8, 2, 2, 16, 3).padId(4).dropout(0.2)
        .attentionDropout(0.05).preNorm(true).learnedPositions(false).typeVocab(0).layerNormEpsilon(1e-6f)
        .initializerRange(0.3).pooling(TransformerSpec.Pooling.MEAN).build();
    assertThat(base.activation()).isEqualTo(Activation.GELU);
    assertThat(base.toBuilder().build()).isEqualTo(base);
    TransformerSpec t = base.toBuilder().activation(Activation.GELU_TANH).build();
    assertThat(t).isNotEqualTo(base);
    assertThat(t.toBuilder().activation(Activation.GELU).build()).isEqualTo(base);
    assertThat(t.dropout()).isEqualTo(0.2);
    assertThat(t.attentionDropout()).isEqualTo(0.05);
    assertThat(t.padId()).isEqualTo(4);
    assertThatThrownBy(() -> base.toBuilder().activation(null).build())
        .hasMessageContaining("activation must be GELU or GELU_TANH, got null");
    assertThatThrownBy(() -> base.toBuilder().heads(3).build())
        .hasMessageContaining("hidden must be a positive multiple of heads (3), got 8");
  }
}
