package io.github.llr4j.core.hparam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Schedule}'s report texts are those the schedules had in their former homes
 * ({@code optim.LearningRates}, {@code Hyperparameter.linearRamp}, {@code reshape.CyclicB}, all
 * removed): a schedule's {@code toString} enters the configuration hash that {@code --resume}
 * checks, so a changed text would refuse to resume every run written before. The values are
 * checked in {@link LearningRateSchedulesTest} and here.
 */
class ScheduleTest {

  @Test
  void reportTextsAreTheFormerOnes() {
    assertThat(Schedule.stepDecay(0.1, 0.5, 3)).hasToString("step(0.1 x0.5 every 3 epochs)");
    assertThat(Schedule.multiStepDecay(0.1, 0.2, List.of(2, 5))).hasToString("multistep(0.1 x0.2 at epochs [2, 5])");
    assertThat(Schedule.cosinePerEpoch(0.1, 0.001)).hasToString("cosine-epoch(0.1 -> 0.001 over the run's epochs)");
    assertThat(Schedule.cosinePerEpoch(0.1, 0, 5)).hasToString("cosine-epoch(0.1 -> 0.0 over 5 epochs)");
    assertThat(Schedule.cosinePerStep(0.05, 0.005)).hasToString("cosine-step(0.05 -> 0.005)");
    assertThat(Schedule.warmup(9, Schedule.cosinePerStep(1, 0)))
        .hasToString("warmup(9 steps, then cosine-step(1.0 -> 0.0))");
    assertThat(Schedule.warmupLinearDecay(1e-3, 10)).hasToString("warmup-linear(0.001, 10 warm-up steps, to 0 at the end)");
    assertThat(Schedule.constant(0.1)).hasToString("0.1");
    assertThat(Schedule.linearRamp(0.1, 2)).hasToString("ramp(0->0.1 over 2.0 epochs)");
    // cyclic's text changed on purpose with its real (Python true-division) period
    assertThat(Schedule.cyclic(0.1, 0.4, 3)).hasToString("cyclic(b0=0.1, end=0.4, cycles=3, real period)");
    // equal settings, equal schedules (records): a rebuilt configuration hashes the same
    assertThat(Schedule.multiStepDecay(0.1, 0.2, List.of(2, 5))).isEqualTo(Schedule.multiStepDecay(0.1, 0.2, List.of(2, 5)));
    assertThat(Schedule.cyclic(0.1, 0.4, 3)).isEqualTo(Schedule.cyclic(0.1, 0.4, 3));
  }

  @Test
  void stepValues() {
    assertThat(Schedule.stepDecay(0.1, 0.5, 3).valueAt(TrainingClock.at(7 * 6, 7, 12))).isEqualTo(0.025);
    assertThat(Schedule.warmup(4, Schedule.constant(2)).valueAt(TrainingClock.at(1, 7, 12))).isEqualTo(0.5);
  }

  @Test
  void linearRampGrowsByFractionalEpochThenHolds() {
    assertThat(Schedule.linearRamp(0.1, 2).valueAt(TrainingClock.at(7 + 3, 7, 12)))
        .isEqualTo(0.1 * (1 + 3 / 7.0) / 2);
    assertThatThrownBy(() -> Schedule.linearRamp(Double.NaN, 2))
        .hasMessage("ramp target must be finite, got NaN");
    assertThatThrownBy(() -> Schedule.linearRamp(0.1, Double.POSITIVE_INFINITY))
        .hasMessage("ramp epochs must be > 0 and finite (use constant for no ramp), got Infinity");
  }

  @Test
  void cyclicWidth() {
    assertThat(Schedule.cyclic(0.1, 0.4, 3).toString())
        .isEqualTo("cyclic(b0=0.1, end=0.4, cycles=3, real period)");
    // 12 epochs, 3 cycles: period 4; epoch 0 is at the top, 0.1 + 0.4 * 3/4
    assertThat(Schedule.cyclic(0.1, 0.4, 3).valueAt(TrainingClock.at(0, 7, 12)))
        .isEqualTo(0.1 + 0.4 * 3 / 4.0);
    assertThatThrownBy(() -> Schedule.cyclic(0.1, -1, 2))
        .hasMessage("cyclic end must be >= 0 and finite, got -1.0");
    assertThatThrownBy(() -> Schedule.cyclic(0.1, 0.4, 0)).hasMessage("cycles must be >= 1, got 0");
    assertThatThrownBy(() -> Schedule.cyclic(Double.NaN, 0.4, 1))
        .hasMessage("cyclic b0 must be positive and finite, got NaN");
  }

  /**
   * 250 epochs in 20 cycles, as the reference: period 12.5 (Python 3 division), b0 = 0.15,
   * end = 0.5, b(e) = 0.15 + 0.5 ((e + 11.5) mod 12.5) / 12.5, worked out by hand.
   */
  @Test
  void cyclicPeriodIsRealAsInTheReference() {
    Hyperparameter b = Schedule.cyclic(0.15, 0.5, 20);
    double[][] epochAndValue = {
      {0, 0.15 + 0.5 * 11.5 / 12.5}, // 0.61, the top of the first cycle
      {1, 0.15}, // 12.5 mod 12.5 = 0
      {2, 0.15 + 0.5 * 1 / 12.5}, // 0.19
      {12, 0.15 + 0.5 * 11 / 12.5}, // 0.59
      {13, 0.15 + 0.5 * 12 / 12.5}, // 0.63; an integer period 12 would give 0.15 here
      {14, 0.15 + 0.5 * 0.5 / 12.5}, // 0.17: the second cycle starts half an epoch in
      {26, 0.15}, // 37.5 mod 12.5 = 0: every second cycle starts at b0 again
      {249, 0.15 + 0.5 * 10.5 / 12.5}, // 260.5 - 250 = 10.5: 0.57
    };
    for (double[] ev : epochAndValue) {
      TrainingClock c = TrainingClock.at((long) ev[0] * 3 + 1, 3, 250);
      assertThat(b.valueAt(c)).as("epoch %s", ev[0]).isCloseTo(ev[1], within(1e-12));
    }
    assertThatThrownBy(() -> Schedule.cyclic(0.15, 0.5, 251).valueAt(TrainingClock.at(0, 3, 250)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cycles (251) must not exceed the run's epochs (250); use fewer cycles or more epochs");
  }

  @Test
  void aScheduleIsAcceptedWhereAConstantIs() {
    // the learning rate of every optimizer and every reshaping coefficient is a Hyperparameter
    Hyperparameter lr = Schedule.warmup(5, Schedule.cosinePerStep(0.1, 0));
    assertThat(io.github.llr4j.core.optim.Sgd.plain(lr).learningRate()).isSameAs(lr);
  }
}
