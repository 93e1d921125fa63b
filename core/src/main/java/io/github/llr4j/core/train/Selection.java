package io.github.llr4j.core.train;

/**
 * The rule that picks the epoch a run reports as selected, and optionally keeps that epoch's
 * weights: {@code metric} (an epoch record key such as {@code val_accuracy} or
 * {@code val_robust_accuracy}) maximised or minimised; ties keep the earlier epoch.
 *
 * <p>With {@code keepCheckpoint} the trainer saves the selected epoch's variables in
 * {@code <run>/best/checkpoint/} each time the metric improves, so that early stopping loses
 * nothing: the last weights stay in {@code <run>/checkpoint/} for resuming, the selected ones in
 * {@code best/} for use. This is robust early stopping (Rice, Wong and Kolter 2020) when the
 * metric is robust validation accuracy.
 */
public record Selection(String metric, boolean maximize, boolean keepCheckpoint) {

  public Selection {
    if (metric == null || metric.isBlank())
      throw new IllegalArgumentException("selection metric must be a metric name such as val_accuracy, got '" + metric + "'");
  }

  /** The default: highest validation accuracy, no extra checkpoint. */
  public static Selection validationAccuracy() {
    return new Selection("val_accuracy", true, false);
  }

  /** Whether {@code candidate} beats {@code incumbent} (null = nothing yet). */
  public boolean improves(double candidate, Double incumbent) {
    if (Double.isNaN(candidate)) return false;
    if (incumbent == null) return true;
    return maximize ? candidate > incumbent : candidate < incumbent;
  }

  /** Human-readable rule for reports, e.g. {@code max val_robust_accuracy}. */
  public String rule() {
    return (maximize ? "max " : "min ") + metric;
  }
}
