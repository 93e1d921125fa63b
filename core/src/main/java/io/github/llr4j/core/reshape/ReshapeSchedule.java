package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
/**
 * When reshaping is active (spec section 4), by epoch.
 *
 * @param startLast 0 = active from epoch 0; N > 0 = active only in the last N epochs
 * @param calmDown the last K epochs train on the plain loss (0 = none)
 */
public record ReshapeSchedule(int startLast, int calmDown) {

  public ReshapeSchedule {
    Require.that(startLast >= 0, "startLast", "be >= 0 (0 = active from epoch 0)", startLast);
    Require.atLeast("calmDown", calmDown, 0);
  }

  /** Active in every epoch. */
  public static ReshapeSchedule always() {
    return new ReshapeSchedule(0, 0);
  }

  /** Active only in the last {@code n} epochs ({@code n >= 1}). */
  public static ReshapeSchedule lastEpochs(int n) {
    Require.atLeast("start-last epochs", n, 1);
    return new ReshapeSchedule(n, 0);
  }

  /** Active from epoch 0 except the last {@code k} epochs. */
  public static ReshapeSchedule calmDown(int k) {
    return new ReshapeSchedule(0, k);
  }

  /** Whether epoch {@code epoch} (from 0) of a run of {@code totalEpochs} reshapes. */
  public boolean activeAt(int epoch, int totalEpochs) {
    Require.atLeast("totalEpochs", totalEpochs, 1);
    Require.atLeast("epoch", epoch, 0);
    boolean started = startLast == 0 || epoch >= totalEpochs - startLast;
    return started && epoch < totalEpochs - calmDown;
  }
}
