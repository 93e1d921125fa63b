package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.hparam.Hyperparameter;
import org.junit.jupiter.api.Test;

/** SAM's interval and name, GAF's host formula (refused settings: {@link OptimizerContractTest}). */
class CompanionValidationTest {
  private static final Hyperparameter LR = Hyperparameter.constant(0.1);

  @Test
  void samIntervalAndName() {
    Sam every3 = Sam.asam(Sgd.plain(LR), 1).withInterval(3);
    assertThat(every3.samStep(0)).isTrue();
    assertThat(every3.samStep(1)).isFalse();
    assertThat(every3.samStep(3)).isTrue();
    assertThat(every3.name()).isEqualTo("asam-sgd");
  }

  @Test
  void gafHostFormula() {
    assertThat(GradientActivation.sgdDefault().apply(1.0)).isEqualTo(0.3 * Math.atan(4.5));
  }
}
