package io.github.llr4j.core.hparam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HyperparameterTest {

  private static TrainingClock at(int epoch, long stepInEpoch) {
    return new TrainingClock(epoch * 10L + stepInEpoch, epoch, stepInEpoch, 10, 8);
  }

  @Test
  void linearRampGrowsByFractionalEpochThenHolds() {
    Hyperparameter eps = Schedule.linearRamp(0.1, 2);
    assertThat(eps.valueAt(at(0, 0))).isEqualTo(0.0);
    assertThat(eps.valueAt(at(0, 5))).isCloseTo(0.025, within(1e-15)); // 0.5 of 2 epochs
    assertThat(eps.valueAt(at(1, 0))).isCloseTo(0.05, within(1e-15));
    assertThat(eps.valueAt(at(1, 9))).isCloseTo(0.095, within(1e-15));
    assertThat(eps.valueAt(at(2, 0))).isEqualTo(0.1);
    assertThat(eps.valueAt(at(7, 3))).isEqualTo(0.1);
    assertThat(eps.toString()).isEqualTo("ramp(0->0.1 over 2.0 epochs)");
    assertThatThrownBy(() -> Schedule.linearRamp(0.1, 0))
        .hasMessage("ramp epochs must be > 0 and finite (use constant for no ramp), got 0.0");
  }
}
