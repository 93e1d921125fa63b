package io.github.llr4j.core.reshape;

/**
 * When reshaping is active (spec section 4), by epoch.
 *
 * @param startLast 0 = active from epoch 0; N > 0 = active only in the last N epochs
 * @param calmDown the last K epochs train on the plain loss (0 = none)
 */
public record ReshapeSchedule(int startLast, int calmDown) {

  public ReshapeSchedule {
    if (startLast < 0) {
      throw new IllegalArgumentException(
          "startLast must be >= 0 (0 = active from epoch 0), got " + startLast);
    }
    if (calmDown < 0) {
      throw new IllegalArgumentException("calmDown must be >= 0, got " + calmDown);
    }
  }

  /** Active in every epoch. */
  public static ReshapeSchedule always() {
    return new ReshapeSchedule(0, 0);
  }

  /** Active only in the last {@code n} epochs ({@code n >= 1}). */
  public static ReshapeSchedule lastEpochs(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("start-last epochs must be >= 1, got " + n);
    }
    return new ReshapeSchedule(n, 0);
  }

  /** Active from epoch 0 except the last {@code k} epochs. */
  public static ReshapeSchedule calmDown(int k) {
    return new ReshapeSchedule(0, k);
  }

  /** Whether epoch {@code epoch} (from 0) of a run of {@code totalEpochs} reshapes. */
  public boolean activeAt(int epoch, int totalEpochs) {
    if (totalEpochs < 1) {
      throw new IllegalArgumentException("totalEpochs must be >= 1, got " + totalEpochs);
    }
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    boolean started = startLast == 0 || epoch >= totalEpochs - startLast;
    return started && epoch < totalEpochs - calmDown;
  }
}
