package io.github.llr4j.core.hparam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** The learning-rate schedules of {@link Schedule}: values at concrete steps, texts, bad settings. */
class LearningRateSchedulesTest {

  private static final Offset<Double> EXACT = Offset.offset(1e-15);

  private static double at(Hyperparameter h, long step, long stepsPerEpoch, int epochs) {
    return h.valueAt(TrainingClock.at(step, stepsPerEpoch, epochs));
  }

  @Test
  void cosinePerEpochFollowsTheRunsEpochsAndHoldsWithinAnEpoch() {
    Hyperparameter cos = Schedule.cosinePerEpoch(0.1, 0.001);
    // 10 epochs of 4 steps
    assertThat(at(cos, 0, 4, 10)).isCloseTo(0.1, EXACT);
    assertThat(at(cos, 3, 4, 10)).isCloseTo(0.1, EXACT);
    assertThat(at(cos, 20, 4, 10)).isCloseTo(0.001 + 0.099 / 2, EXACT); // epoch 5 = E/2
    assertThat(at(cos, 23, 4, 10)).isCloseTo(0.001 + 0.099 / 2, EXACT);
    // epoch 1: min + (lr0 - min) * (1 + cos(pi/10)) / 2
    assertThat(at(cos, 4, 4, 10)).isCloseTo(0.001 + 0.099 * (1 + 0.9510565162951535) / 2, EXACT);
    assertThat(at(cos, 40, 4, 10)).isCloseTo(0.001, EXACT); // epoch E
    Hyperparameter fixed = Schedule.cosinePerEpoch(0.1, 0.0, 10);
    assertThat(at(fixed, 10, 1, 30)).isCloseTo(0.0, EXACT);
    assertThat(at(fixed, 20, 1, 30)).isCloseTo(0.1, EXACT); // continues the cosine, like PyTorch
    assertThat(cos.toString()).isEqualTo("cosine-epoch(0.1 -> 0.001 over the run's epochs)");
  }

  @Test
  void cosinePerStepUsesTheRunsTotalSteps() {
    Hyperparameter cos = Schedule.cosinePerStep(1.0, 0.0);
    // 5 epochs of 4 steps = 20 steps
    assertThat(at(cos, 0, 4, 5)).isCloseTo(1.0, EXACT);
    assertThat(at(cos, 5, 4, 5)).isCloseTo((1 + Math.sqrt(0.5)) / 2, EXACT);
    assertThat(at(cos, 10, 4, 5)).isCloseTo(0.5, EXACT);
    assertThat(at(cos, 11, 4, 5)).isLessThan(0.5);
    assertThat(at(cos, 20, 4, 5)).isCloseTo(0.0, EXACT);
  }

  @Test
  void stepDecayDropsAtTheFirstStepOfEachNthEpoch() {
    Hyperparameter step = Schedule.stepDecay(0.1, 0.5, 3);
    assertThat(at(step, 0, 10, 9)).isEqualTo(0.1);
    assertThat(at(step, 29, 10, 9)).isEqualTo(0.1); // last step of epoch 2
    assertThat(at(step, 30, 10, 9)).isEqualTo(0.05); // first step of epoch 3
    assertThat(at(step, 59, 10, 9)).isEqualTo(0.05);
    assertThat(at(step, 60, 10, 9)).isEqualTo(0.025);
    assertThat(step.toString()).isEqualTo("step(0.1 x0.5 every 3 epochs)");

    Hyperparameter multi = Schedule.multiStepDecay(0.1, 0.1, List.of(2, 5));
    assertThat(at(multi, 1, 1, 9)).isEqualTo(0.1);
    assertThat(at(multi, 2, 1, 9)).isCloseTo(0.01, EXACT);
    assertThat(at(multi, 4, 1, 9)).isCloseTo(0.01, EXACT);
    assertThat(at(multi, 5, 1, 9)).isCloseTo(0.001, EXACT);
    assertThat(multi.toString()).isEqualTo("multistep(0.1 x0.1 at epochs [2, 5])");
  }

  @Test
  void warmupRampsLinearlyIntoAnySchedule() {
    Hyperparameter w = Schedule.warmup(4, Schedule.constant(0.2));
    double[] expected = {0, 0.05, 0.1, 0.15, 0.2, 0.2};
    for (int s = 0; s < expected.length; s++) {
      assertThat(at(w, s, 100, 1)).as("step %d", s).isCloseTo(expected[s], EXACT);
    }
    // the wrapped schedule is read at the same clock: step decay already halved at step 2
    Hyperparameter ws = Schedule.warmup(4, Schedule.stepDecay(0.2, 0.5, 1));
    assertThat(at(ws, 2, 2, 5)).isCloseTo(0.1 * 2 / 4, EXACT);
    assertThat(at(ws, 4, 2, 5)).isCloseTo(0.05, EXACT);
    assertThat(w.toString()).isEqualTo("warmup(4 steps, then 0.2)");
  }

  @Test
  void warmupThenLinearDecayToZeroLikeHuggingFace() {
    Hyperparameter bert = Schedule.warmupLinearDecay(1e-3, 10);
    // 100 steps: 10 epochs of 10
    assertThat(at(bert, 0, 10, 10)).isEqualTo(0.0);
    assertThat(at(bert, 5, 10, 10)).isCloseTo(5e-4, EXACT);
    assertThat(at(bert, 10, 10, 10)).isCloseTo(1e-3, EXACT);
    assertThat(at(bert, 55, 10, 10)).isCloseTo(1e-3 * 45 / 90, EXACT);
    assertThat(at(bert, 99, 10, 10)).isCloseTo(1e-3 / 90, EXACT);
    assertThat(at(bert, 100, 10, 10)).isEqualTo(0.0);
    assertThat(at(Schedule.warmupLinearDecay(1e-3, 0), 0, 10, 10)).isCloseTo(1e-3, EXACT);
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> Schedule.stepDecay(0, 0.5, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("learning rate must be finite and > 0, got 0.0");
    // a constant is any finite value: a learning rate of 0 is legal in the library (the CLI refuses --lr 0)
    assertThat(Schedule.constant(0).valueAt(TrainingClock.at(0, 1, 1))).isZero();
    assertThatThrownBy(() -> Schedule.constant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Schedule.stepDecay(0.1, 1.5, 3))
        .hasMessage("gamma must be in (0, 1], got 1.5");
    assertThatThrownBy(() -> Schedule.stepDecay(0.1, 0.5, 0))
        .hasMessage("everyEpochs must be >= 1, got 0");
    assertThatThrownBy(() -> Schedule.multiStepDecay(0.1, 0.1, List.of(5, 5)))
        .hasMessage("milestones must be strictly increasing epochs >= 1, got [5, 5]");
    assertThatThrownBy(() -> Schedule.multiStepDecay(0.1, 0.1, List.of()))
        .hasMessage("milestones must list at least one epoch, got []");
    assertThatThrownBy(() -> Schedule.cosinePerEpoch(0.1, 0.2))
        .hasMessage("min must be in [0, lr0 = 0.1], got 0.2");
    assertThatThrownBy(() -> Schedule.cosinePerEpoch(0.1, 0, 0))
        .hasMessage("periodEpochs must be >= 1, got 0");
    assertThatThrownBy(() -> Schedule.cosinePerStep(Double.NaN, 0))
        .hasMessage("learning rate must be finite and > 0, got NaN");
    assertThatThrownBy(() -> Schedule.warmup(0, Schedule.constant(0.1)))
        .hasMessage("warmupSteps must be >= 1, got 0");
    assertThatThrownBy(() -> Schedule.warmup(5, null))
        .hasMessageStartingWith("after must not be null");
    assertThatThrownBy(() -> Schedule.warmupLinearDecay(1e-3, -1))
        .hasMessage("warmupSteps must be >= 0, got -1");
  }
}
