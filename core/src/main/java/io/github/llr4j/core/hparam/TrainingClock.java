package io.github.llr4j.core.hparam;

import io.github.llr4j.core.check.Require;
/**
 * Where training stands when a hyperparameter is evaluated.
 *
 * @param step global step about to run, counted from 0
 * @param epoch epoch the step belongs to, counted from 0
 * @param stepInEpoch index of the step inside its epoch, from 0
 * @param stepsPerEpoch optimizer steps per epoch (at least 1)
 * @param totalEpochs epochs planned for the whole run (at least 1)
 */
public record TrainingClock(long step, int epoch, long stepInEpoch, long stepsPerEpoch, int totalEpochs) {

  public TrainingClock {
    Require.atLeast("step", step, 0);
    Require.atLeast("epoch", epoch, 0);
    Require.atLeast("stepsPerEpoch", stepsPerEpoch, 1);
    Require.atLeast("totalEpochs", totalEpochs, 1);
    Require.that(stepInEpoch >= 0 && stepInEpoch < stepsPerEpoch, "stepInEpoch",
        "be in [0, " + stepsPerEpoch + ")", stepInEpoch);
  }

  /** The clock at step {@code step} of a run with the given shape. */
  public static TrainingClock at(long step, long stepsPerEpoch, int totalEpochs) {
    return new TrainingClock(
        step, (int) (step / stepsPerEpoch), step % stepsPerEpoch, stepsPerEpoch, totalEpochs);
  }

  /** Total optimizer steps of the run. */
  public long totalSteps() {
    return stepsPerEpoch * totalEpochs;
  }
}
