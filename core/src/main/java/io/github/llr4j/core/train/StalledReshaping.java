package io.github.llr4j.core.train;

import java.util.Locale;
import java.util.Map;

/**
 * Recognises an epoch in which a reshaped objective has stopped training: the mean training loss is
 * above L0, where sech-like functions are flat, and the mean gradient factor f'(L/L0) is below
 * {@link #FACTOR}. Nothing fails then; the weights just barely move for the rest of the run (seen with
 * sech at lr 0.1 on a small CNN: the loss overshot L0 in the first epoch and f' fell to 1e-11), so
 * the trainer says so once instead of letting a user read a flat curve as a converged one. A small
 * f' below L0 is the ultra-low-loss plateau the function is designed to have, and is not reported.
 */
final class StalledReshaping {
  /** An epoch-mean |f'| below this moves the weights by less than a thousandth of a plain step. */
  static final double FACTOR = 1e-3;

  private StalledReshaping() {}

  /** The warning for {@code record} (a metrics.jsonl epoch line) at initial loss {@code l0}, or null. */
  static String warning(Map<String, Object> record, Double l0) {
    if (l0 == null || !(record.get("gradient_factor") instanceof Double factor)
        || !(record.get("train_loss") instanceof Double loss))
      return null;
    if (!(Math.abs(factor) < FACTOR) || !(loss > l0)) return null;
    return String.format(Locale.ROOT, "warning: epoch %s: the mean training loss %.4g is above L0 = %.4g, where the"
        + " reshaping function is flat (mean gradient factor f' = %.3g), so the weights barely move; the loss"
        + " overshot L0, usually from a learning rate too high for this model: lower --lr, or start the reshaping"
        + " later (--start-last) once the plain loss is below L0", record.get("epoch"), loss, l0, factor);
  }
}
