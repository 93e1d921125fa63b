package io.github.llr4j.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.run.SettingsDiff;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.examples.tasks.Landscape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One finished {@code compare} run in numbers: what the table and compare.json report. It is kept
 * in the run folder as {@value #FILE} together with the settings that produced it, so that
 * {@code compare --resume} reports a finished run again from its JSON files alone. A long study
 * can then outlive the machine it started on: its folder without the {@code checkpoint/} folders
 * (a few kilobytes per run) is enough to continue it elsewhere. In a cluster sweep ({@link
 * CompareSweep}) the file is also what a worker sends to rank 0, and {@code worker} records which
 * rank trained the run (absent in one process).
 */
record CompareRow(Map<String, Object> settings, double testAccuracy, double bestTestAccuracy, double finalTrainLoss,
    double msPerStep, double passesPerStep, double trainingSeconds, double lambdaMax, double trace,
    double sharpness1d, double probeLoss, double psiLog10Ratio, double psiSharpness, double[] alphas, double[] losses,
    Integer worker) {

  static final String FILE = "compare-row.json";

  /** {@code worker}: the rank that trained the run in a cluster sweep, null in one process. */
  static CompareRow of(Map<String, Object> settings, Trainer.Result tr, Landscape.Result l, double trainingSeconds,
      Integer worker) {
    Map<String, Object> f = tr.finalMetrics();
    return new CompareRow(settings, number(f, "test_accuracy"), tr.bestMetrics().getOrDefault("test_accuracy",
        number(f, "test_accuracy")), number(f, "train_loss"), tr.msPerStepMedian(), number(f, "passes_per_step"),
        trainingSeconds, l.eigen().top(), l.trace().estimate(), l.line().maxIncrease(), l.loss(),
        l.psi() == null ? Double.NaN : Math.log10(l.psi().ratio()), l.psi() == null ? Double.NaN : l.psi().maxIncrease(),
        l.line().alphas(), l.line().losses(), worker);
  }

  private static double number(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Number n)) throw new IllegalStateException("the run's final record has no number " + key);
    return n.doubleValue();
  }

  void write(Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("settings", settings);
    m.put("test_accuracy", testAccuracy);
    m.put("best_test_accuracy", bestTestAccuracy);
    m.put("final_train_loss", finalTrainLoss);
    // NaN when the run's summary lost its step times (a crash after the last checkpoint): null in JSON
    m.put("ms_per_step", Double.isNaN(msPerStep) ? null : msPerStep);
    m.put("passes_per_step", passesPerStep);
    m.put("training_seconds", trainingSeconds);
    m.put("lambda_max", lambdaMax);
    m.put("hessian_trace", trace);
    m.put("sharpness_1d", sharpness1d);
    m.put("probe_loss", probeLoss);
    // plain ReLU chains only (MLPs, small_cnn[_nobn], VGG); null (read back as NaN) for other models
    m.put("psi_log10_ratio", Double.isNaN(psiLog10Ratio) ? null : psiLog10Ratio);
    m.put("psi_sharpness", Double.isNaN(psiSharpness) ? null : psiSharpness);
    m.put("alphas", alphas);
    m.put("losses", losses);
    // provenance only (not a setting: a resumed sweep may give the run to another worker)
    if (worker != null) m.put("worker", worker);
    RunFolder.writeJson(dir.resolve(FILE), m);
  }

  /**
   * The row kept in {@code dir}, or null if there is none. A row made with other settings is
   * refused, naming them: reporting it beside this comparison's runs would mix two experiments.
   */
  static CompareRow read(Path dir, Map<String, Object> expected) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) return null;
    JsonNode j;
    try {
      j = RunFolder.JSON.readTree(f.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage() + "; delete it to analyse the run again", e);
    }
    Map<String, Object> saved = RunFolder.JSON.convertValue(j.path("settings"),
        new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    List<String> diff = SettingsDiff.between(saved, expected);
    if (!diff.isEmpty())
      throw new IllegalArgumentException(f + " was made with other settings: " + String.join(", ", diff)
          + "; pass the same settings or another --out");
    return new CompareRow(saved, value(j, "test_accuracy", f), value(j, "best_test_accuracy", f),
        value(j, "final_train_loss", f), optional(j, "ms_per_step"), value(j, "passes_per_step", f),
        value(j, "training_seconds", f), value(j, "lambda_max", f), value(j, "hessian_trace", f),
        value(j, "sharpness_1d", f), value(j, "probe_loss", f), optional(j, "psi_log10_ratio"),
        optional(j, "psi_sharpness"), array(j, "alphas", f), array(j, "losses", f),
        j.path("worker").isInt() ? j.get("worker").asInt() : null);
  }

  private static double value(JsonNode j, String key, Path f) {
    JsonNode v = j.get(key);
    if (v == null || !v.isNumber())
      throw new IllegalArgumentException(f + " has no number " + key + "; delete it to analyse the run again");
    return v.asDouble();
  }

  private static double optional(JsonNode j, String key) {
    JsonNode v = j.get(key);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static double[] array(JsonNode j, String key, Path f) {
    JsonNode v = j.get(key);
    if (v == null || !v.isArray() || v.isEmpty())
      throw new IllegalArgumentException(f + " has no array " + key + "; delete it to analyse the run again");
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) out[i] = v.get(i).asDouble();
    return out;
  }
}
