package io.github.llr4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.hparam.Hyperparameter;
import org.junit.jupiter.api.Test;

/** Bad settings of SAM, GAF and MIAdam are rejected with the setting's name and value. */
class CompanionValidationTest {
  private static final Hyperparameter LR = Hyperparameter.constant(0.1);

  @Test
  void samSettings() {
    Sgd base = Sgd.plain(LR);
    assertThatThrownBy(() -> Sam.sam(base, 0)).hasMessage("rho must be > 0, got 0.0");
    assertThatThrownBy(() -> Sam.sam(base, 0.1).withInterval(0)).hasMessage("interval must be >= 1, got 0");
    assertThatThrownBy(() -> Sam.sam(Sam.sam(base, 0.1), 0.1)).hasMessageStartingWith("base must not itself be SAM");
    assertThatThrownBy(() -> new Sam(base, LR, true, -1, 1)).hasMessage("eta must be finite and >= 0, got -1.0");
    Sam every3 = Sam.asam(base, 1).withInterval(3);
    assertThat(every3.samStep(0)).isTrue();
    assertThat(every3.samStep(1)).isFalse();
    assertThat(every3.samStep(3)).isTrue();
    assertThat(every3.name()).isEqualTo("asam-sgd");
  }

  @Test
  void gafAndMiAdamSettings() {
    assertThatThrownBy(() -> new GradientActivation(0, 1)).hasMessage("alpha must be finite and > 0, got 0.0");
    assertThatThrownBy(() -> new GafSgd(LR, 0.9, 0, GradientActivation.sgdDefault(), null))
        .hasMessageStartingWith("placement must not be null");
    assertThatThrownBy(() -> MiAdam.of(LR, 4)).hasMessage("k must be 1, 2 or 3, got 4");
    assertThatThrownBy(() -> new MiAdam(LR, 0.9, 0.999, 1e-8, 0, 1, 1.0, 20)).hasMessage("kappa must be in [0, 1), got 1.0");
    assertThatThrownBy(() -> new MiAdam(LR, 0.9, 0.999, 1e-8, 0, 1, 0.98, -1)).hasMessage("subEpoch must be >= 0, got -1");
    assertThat(GradientActivation.sgdDefault().apply(1.0)).isEqualTo(0.3 * Math.atan(4.5));
  }
}
