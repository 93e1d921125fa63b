package io.github.llr4j.core.train;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts {@code counts[true][predicted]} of a classifier on a data set, and the metrics derived
 * from them: accuracy = trace / total; per class k, precision_k = C[k][k] / sum_i C[i][k] (column),
 * recall_k = C[k][k] / sum_j C[k][j] (row), F1_k = 2 P R / (P + R); macro-F1 = mean over classes
 * of F1_k (scikit-learn's {@code f1_score(average='macro')}). A ratio with a zero denominator is 0
 * (scikit-learn's {@code zero_division=0}).
 */
public record ConfusionMatrix(long[][] counts) {

  public ConfusionMatrix {
    if (counts == null || counts.length < 1)
      throw new IllegalArgumentException("counts must be a non-empty square matrix, got " + (counts == null ? "null" : "0 rows"));
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      if (counts[i].length != counts.length)
        throw new IllegalArgumentException("counts must be square (" + counts.length + " columns), row " + i
            + " has " + counts[i].length);
      for (long c : counts[i]) Require.atLeast("counts", c, 0);
      copy[i] = counts[i].clone();
    }
    counts = copy;
  }

  /** The matrix of paired true and predicted labels, each in {@code [0, classes)}. */
  public static ConfusionMatrix of(int classes, int[] truth, int[] predicted) {
    Require.atLeast("classes", classes, 1);
    if (truth.length != predicted.length)
      throw new IllegalArgumentException("predicted must have one entry per true label (" + truth.length
          + "), got " + predicted.length);
    long[][] c = new long[classes][classes];
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= classes || predicted[i] < 0 || predicted[i] >= classes)
        throw new IllegalArgumentException("labels must be in [0, " + classes + "), got true " + truth[i]
            + " predicted " + predicted[i] + " at " + i);
      c[truth[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(c);
  }

  @Override
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) copy[i] = counts[i].clone();
    return copy;
  }

  public int classes() {
    return counts.length;
  }

  public long total() {
    long n = 0;
    for (long[] row : counts) for (long c : row) n += c;
    return n;
  }

  public double accuracy() {
    long hit = 0;
    for (int k = 0; k < counts.length; k++) hit += counts[k][k];
    return ratio(hit, total());
  }

  public double precision(int k) {
    long col = 0;
    for (long[] row : counts) col += row[k];
    return ratio(counts[k][k], col);
  }

  public double recall(int k) {
    long row = 0;
    for (long c : counts[k]) row += c;
    return ratio(counts[k][k], row);
  }

  public double f1(int k) {
    double p = precision(k), r = recall(k);
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }

  public double macroF1() {
    double s = 0;
    for (int k = 0; k < counts.length; k++) s += f1(k);
    return s / counts.length;
  }

  /**
   * The metrics as {@code <prefix>_accuracy}, {@code <prefix>_macro_f1}, {@code <prefix>_per_class}
   * (name -> precision, recall, f1, support) and {@code <prefix>_confusion} (rows true, columns
   * predicted), for summary files.
   */
  public Map<String, Object> describe(String prefix, List<String> classNames) {
    if (classNames.size() != counts.length)
      throw new IllegalArgumentException("classNames must have " + counts.length + " names, got " + classNames.size());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(prefix + "_accuracy", accuracy());
    out.put(prefix + "_macro_f1", macroF1());
    Map<String, Object> per = new LinkedHashMap<>();
    for (int k = 0; k < counts.length; k++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("precision", precision(k));
      m.put("recall", recall(k));
      m.put("f1", f1(k));
      long support = 0;
      for (long c : counts[k]) support += c;
      m.put("support", support);
      per.put(classNames.get(k), m);
    }
    out.put(prefix + "_per_class", per);
    List<List<Long>> rows = new ArrayList<>();
    for (long[] row : counts) {
      List<Long> r = new ArrayList<>();
      for (long c : row) r.add(c);
      rows.add(r);
    }
    out.put(prefix + "_confusion", rows);
    return out;
  }

  private static double ratio(long a, long b) {
    return b == 0 ? 0 : (double) a / b;
  }
}
