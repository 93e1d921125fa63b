package io.github.llr4j.core.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every check's message is "<name> must <constraint>, got <value>"; accepted values pass through. */
class RequireTest {

  @Test
  void messagesFollowOneStyle() {
    assertThatThrownBy(() -> Require.that(false, "k", "be 1, 2 or 3", 4))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("k must be 1, 2 or 3, got 4");
    assertThatThrownBy(() -> Require.that(false, "params", "be distinct", "'a' twice", "update once"))
        .hasMessage("params must be distinct, got 'a' twice; update once");
    assertThatThrownBy(() -> Require.finite("atan a", Double.NaN))
        .hasMessage("atan a must be finite, got NaN");
    assertThatThrownBy(() -> Require.positive("epsilon", 0.0))
        .hasMessage("epsilon must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> Require.positive("epsilon", Double.POSITIVE_INFINITY))
        .hasMessage("epsilon must be finite and > 0, got Infinity");
    assertThatThrownBy(() -> Require.positive("dim", 0)).hasMessage("dim must be positive, got 0");
    assertThatThrownBy(() -> Require.nonNegative("weightDecay", Double.NaN))
        .hasMessage("weightDecay must be finite and >= 0, got NaN");
    assertThatThrownBy(() -> Require.fraction("beta1", 1.0))
        .hasMessage("beta1 must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> Require.atLeast("interval", 0, 1))
        .hasMessage("interval must be >= 1, got 0");
    assertThatThrownBy(() -> Require.atLeast("step", -1L, 0L)).hasMessage("step must be >= 0, got -1");
    assertThatThrownBy(() -> Require.classes(1)).hasMessage("classes must be >= 2, got 1");
    assertThatThrownBy(() -> Require.notNull("rho", null)).hasMessage("rho must not be null");
    assertThatThrownBy(() -> Require.notNull("after", null, " (the schedule after warm-up)"))
        .hasMessage("after must not be null (the schedule after warm-up)");
  }

  @Test
  void acceptedValuesPassThrough() {
    assertThat(Require.finite("x", -2.5)).isEqualTo(-2.5);
    assertThat(Require.positive("x", 1e-300)).isEqualTo(1e-300);
    assertThat(Require.nonNegative("x", 0.0)).isEqualTo(0.0);
    assertThat(Require.fraction("x", 0.0)).isEqualTo(0.0);
    assertThat(Require.atLeast("x", 5, 5)).isEqualTo(5);
    assertThat(Require.classes(2)).isEqualTo(2);
    assertThat(Require.notNull("x", "v")).isEqualTo("v");
    Require.that(true, "x", "never", 0);
  }
}
