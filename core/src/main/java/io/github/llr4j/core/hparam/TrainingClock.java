package io.github.llr4j.core.hparam;

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
    if (step < 0) throw new IllegalArgumentException("step must be >= 0, got " + step);
    if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    if (stepsPerEpoch < 1)
      throw new IllegalArgumentException("stepsPerEpoch must be >= 1, got " + stepsPerEpoch);
    if (totalEpochs < 1)
      throw new IllegalArgumentException("totalEpochs must be >= 1, got " + totalEpochs);
    if (stepInEpoch < 0 || stepInEpoch >= stepsPerEpoch)
      throw new IllegalArgumentException(
          "stepInEpoch must be in [0, " + stepsPerEpoch + "), got " + stepInEpoch);
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
