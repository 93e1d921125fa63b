package io.github.llr4j.core.train;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The best values of a run and the selected epoch, updated after every epoch's record:
 * best accuracy (max) and loss (min) per evaluation set and epoch metric; when a {@code val} set
 * exists, the epoch of the best validation accuracy and every other set's metrics at that epoch
 * ({@code at_best_val_test_accuracy}: model selection on validation, the test set only reported);
 * and the configured {@link Selection}'s epoch ({@code selected_epoch}, {@code at_selected_<key>}).
 * The map round-trips through the checkpoint state, so a resumed run continues it.
 */
final class BestMetrics {
  private final Selection selection;
  private final Set<String> evaluationSets;
  private final Set<String> epochMetricKeys = new LinkedHashSet<>();
  private final Map<String, Double> best = new LinkedHashMap<>();

  BestMetrics(Selection selection, Set<String> evaluationSets) {
    this.selection = selection;
    this.evaluationSets = evaluationSets;
  }

  Map<String, Double> values() {
    return best;
  }

  /** Continues from a checkpoint's {@code best} block. */
  void restore(Map<String, Double> saved) {
    best.putAll(saved);
  }

  void addEpochMetricKeys(Set<String> keys) {
    epochMetricKeys.addAll(keys);
  }

  /** Whether {@code key} of an epoch record is an evaluation metric (reported at the top of summary.json). */
  boolean isEvalMetric(String key) {
    if (epochMetricKeys.contains(key)) return true;
    for (String name : evaluationSets)
      if (key.equals(name + "_accuracy") || key.equals(name + "_loss")) return true;
    return false;
  }

  /** Updates the best values with one epoch's record; returns whether the selection picked this epoch. */
  boolean update(Map<String, Object> rec, int epoch) {
    Double valAcc = (Double) rec.get("val_accuracy");
    if (valAcc != null && (!best.containsKey("val_accuracy") || valAcc > best.get("val_accuracy"))) {
      best.put("best_val_epoch", (double) epoch);
      for (String name : evaluationSets) {
        if (name.equals("val")) continue;
        best.put("at_best_val_" + name + "_accuracy", (Double) rec.get(name + "_accuracy"));
        best.put("at_best_val_" + name + "_loss", (Double) rec.get(name + "_loss"));
      }
    }
    for (String name : evaluationSets) {
      best.merge(name + "_accuracy", (Double) rec.get(name + "_accuracy"), Math::max);
      best.merge(name + "_loss", (Double) rec.get(name + "_loss"), Math::min);
    }
    for (String key : epochMetricKeys) {
      if (!(rec.get(key) instanceof Double v)) continue;
      if (key.endsWith("_accuracy")) best.merge(key, v, Math::max);
      else if (key.endsWith("_loss")) best.merge(key, v, Math::min);
    }
    return select(rec, epoch);
  }

  private boolean select(Map<String, Object> rec, int epoch) {
    if (!(rec.get(selection.metric()) instanceof Double v)) {
      // the default rule simply does not apply to a run without a validation set
      if (selection.equals(Selection.validationAccuracy())) return false;
      throw new IllegalStateException("selection metric " + selection.metric() + " is not among this run's metrics "
          + rec.keySet().stream().filter(this::isEvalMetric).toList()
          + "; add the evaluation set or epoch metric that produces it");
    }
    if (!selection.improves(v, best.get("at_selected_" + selection.metric()))) return false;
    best.put("selected_epoch", (double) epoch);
    for (Map.Entry<String, Object> e : rec.entrySet())
      if (isEvalMetric(e.getKey()) && e.getValue() instanceof Double d) best.put("at_selected_" + e.getKey(), d);
    return true;
  }

  /** The {@code best} block's keys as summary.json shows them at the top level. */
  static String summaryKey(String k) {
    return k.startsWith("at_best_val_") || k.equals("best_val_epoch") || k.startsWith("at_selected_")
        || k.equals("selected_epoch") ? k : "best_" + k;
  }
}
