package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.testing.GraphEval;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidationTest {

  private static void rejects(Runnable r, String message) {
    assertThatThrownBy(r::run).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }

  @Test
  void parametersAreValidatedWithNamedMessages() {
    rejects(() -> Reshapers.sech(2.5, 0), "sech b must be > 0 and finite, got 0.0");
    rejects(() -> Reshapers.sech(Double.NaN, 0.1), "sech a must be finite, got NaN");
    rejects(() -> Reshapers.logexp(1, 1, 1), "logexp a must be in [0, 1), got 1.0");
    rejects(() -> Reshapers.logexp(0.5, 0, 1), "logexp k must be > 0 and finite, got 0.0");
    rejects(() -> Reshapers.logexp(0.5, 1, -1), "logexp q must be > 0 and finite, got -1.0");
    rejects(() -> Reshapers.window(2, 0.5, 0.1), "window lo must be <= hi (0.1), got 0.5");
    rejects(() -> Reshapers.flooding(-0.1), "flooding b must be >= 0 and finite, got -0.1");
    rejects(() -> Reshapers.linquad(Double.POSITIVE_INFINITY), "linquad a must be finite, got Infinity");
    rejects(() -> Reshapers.logexp(0.5, 1, 1).value(-1),
        "logexp x must satisfy exp(q*x) > a (x > " + Math.log(0.5) + "), got -1.0");
    rejects(() -> ReshapedObjective.checkInitialLoss(0),
        "initial loss L0 must be positive and finite, got 0.0");
    rejects(() -> InitialLoss.fixed(Double.NaN), "initial loss L0 must be positive and finite, got NaN");
    rejects(() -> ReshapeSchedule.lastEpochs(0), "start-last epochs must be >= 1, got 0");
    rejects(() -> ReshapeSchedule.calmDown(-1), "calmDown must be >= 0, got -1");
    rejects(() -> Schedule.cyclic(0, 1, 1), "cyclic b0 must be positive and finite, got 0.0");
  }

  @Test
  void catalogueCreatesFromStringsAndNamesTheValidChoices() {
    assertThat(Reshapers.names())
        .containsExactly("identity", "sech", "sech-imagenet", "atan", "logexp", "linquad", "linexp", "window", "flooding");
    assertThat(Reshapers.create("sech", Map.of("b", "0.2", "shift", "true", "plus-base", "0.5")))
        .isEqualTo(new Sech(2.5, 0.2, 0.5, true));
    assertThat(Reshapers.create("sech", Map.of())).isEqualTo(Reshapers.sech());
    assertThat(Reshapers.sech().coefficients()).containsExactly(
        Map.entry("a", 2.5), Map.entry("b", 0.15), Map.entry("plus-base", 0.0));
    assertThat(Reshapers.create("window", Map.of("lo", "0.2", "hi", "0.4", "a", "2")))
        .isEqualTo(new Window(2, 0.2, 0.4));
    rejects(() -> Reshapers.create("cosh", Map.of()),
        "reshaping function must be one of [identity, sech, sech-imagenet, atan, logexp, linquad, linexp, window, flooding]"
            + " or expr:FORMULA (a formula in x, e.g. expr:x+a*x^2), got 'cosh'");
    rejects(() -> Reshapers.create("sech", Map.of("c", "1")),
        "sech parameter must be one of [a, b, plus-base, shift], got 'c'");
    rejects(() -> Reshapers.create("flooding", Map.of("b", "x1")), "b must be a number, got 'x1'");
    rejects(() -> Reshapers.create("sech", Map.of("shift", "yes")), "shift must be true or false, got 'yes'");
  }

  @Test
  void logexpOutsideItsDomainFailsTheRunInsteadOfEmittingNaN() {
    try (GraphEval g = new GraphEval(Reshapers.logexp(0.5, 1, 1))) {
      assertThatThrownBy(() -> g.at64(-1))
          .hasMessageContaining("logexp needs exp(q*x) > a");
      assertThat(g.at64(-0.6)[0]).isCloseTo(Math.log(Math.exp(-0.6) - 0.5), org.assertj.core.api.Assertions.within(1e-12));
    }
  }

  @Test
  void cyclicWidthFollowsTheReferenceFormula() {
    // 8 epochs, 2 cycles -> I = 4; b(e) = 0.1 + 0.4 * ((e + 3) mod 4) / 4
    Hyperparameter b = Schedule.cyclic(0.1, 0.4, 2);
    double[] expected = {0.4, 0.1, 0.2, 0.3, 0.4, 0.1, 0.2, 0.3};
    for (int e = 0; e < 8; e++) {
      assertThat(b.valueAt(new TrainingClock(e * 5L, e, 0, 5, 8))).isCloseTo(expected[e], org.assertj.core.api.Assertions.within(1e-12));
    }
    assertThatThrownBy(() -> Schedule.cyclic(0.1, 0.4, 9).valueAt(TrainingClock.at(0, 5, 8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use fewer cycles or more epochs");
  }
}
