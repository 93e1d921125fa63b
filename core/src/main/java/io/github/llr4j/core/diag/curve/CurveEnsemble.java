package io.github.llr4j.core.diag.curve;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The ensemble of models sampled on a {@link BezierCurve} (Garipov et al. 2018, section 5): the
 * models at K evenly spaced points {@code t_k = k / (K - 1)}, k = 0 .. K-1 (the two end points
 * included, so K = 2 is the ensemble of the two runs), predict by the mean of their softmax
 * probabilities, and the class with the largest mean is the ensemble's prediction.
 *
 * <p>Built once into the model's graph under {@code ensemble}: the inference-mode logits of a
 * batch; the softmax, the mean and the arg max are computed host side in float64 (ties go to the
 * lowest class index).
 */
public final class CurveEnsemble {
  private final Placeholder<? extends TType> input;
  private final Operand<TFloat32> logits;

  /** Builds the inference-mode logits of {@code model} for inputs of {@code inputType} and {@code exampleShape}. */
  public CurveEnsemble(Ops tf, Model model, Class<? extends TType> inputType, Shape exampleShape) {
    Ops s = tf.withSubScope("ensemble");
    input = s.withName("examples").placeholder(inputType, Placeholder.shape(Shape.of(-1).append(exampleShape)));
    logits = model.logits(ModelContext.inference(s), input);
  }

  /**
   * Accuracies on {@code test}: of each point {@code ts[k]} alone, of the mean over all K points
   * (the curve ensemble) and of the mean over the two end points.
   */
  public record Accuracies(double[] ts, double[] pointAccuracies, double curveEnsembleAccuracy,
      double endpointsEnsembleAccuracy, long examples) {
    public double accuracyA() {
      return pointAccuracies[0];
    }

    public double accuracyB() {
      return pointAccuracies[pointAccuracies.length - 1];
    }
  }

  /** The K-point ensemble of {@code curve} on {@code test}; the weights in the session are put back. */
  public Accuracies evaluate(LossProbe probe, Session session, BezierCurve curve, int k, List<Batch> test) {
    if (k < 2) throw new IllegalArgumentException("ensemble points must be >= 2 (the two end points and any between), got " + k);
    if (test.isEmpty()) throw new IllegalArgumentException("test data must hold at least one batch");
    int[] labels = labels(test);
    double[] w0 = probe.weights(session);
    double[] ts = new double[k], acc = new double[k];
    List<double[][]> probs = new ArrayList<>();
    try {
      for (int i = 0; i < k; i++) {
        ts[i] = i == k - 1 ? 1 : (double) i / (k - 1);
        probe.setWeights(session, curve.point(ts[i]));
        double[][] p = softmax(logits(session, test));
        probs.add(p);
        acc[i] = accuracy(List.<double[][]>of(p), labels);
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Accuracies(ts, acc, accuracy(probs, labels), accuracy(List.of(probs.get(0), probs.get(k - 1)), labels),
        labels.length);
  }

  /** The logits [examples][classes] of every batch of {@code data}, in order, at the current weights. */
  public double[][] logits(Session session, List<Batch> data) {
    List<double[]> rows = new ArrayList<>();
    for (Batch b : data) {
      try (Result r = session.runner().feed(input, b.inputs()).fetch(logits).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        int classes = (int) t.shape().get(1);
        for (int i = 0; i < b.size(); i++) {
          double[] row = new double[classes];
          for (int c = 0; c < classes; c++) row[c] = t.getFloat(i, c);
          rows.add(row);
        }
      }
    }
    return rows.toArray(double[][]::new);
  }

  /** The labels of every batch of {@code data}, in order. */
  public static int[] labels(List<Batch> data) {
    int n = 0;
    for (Batch b : data) n += b.size();
    int[] y = new int[n];
    int at = 0;
    for (Batch b : data) for (int i = 0; i < b.size(); i++) y[at++] = b.labels().getInt(i);
    return y;
  }

  /** Row-wise softmax, shifted by each row's maximum so that large logits do not overflow. */
  public static double[][] softmax(double[][] logits) {
    double[][] p = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double z : logits[i]) max = Math.max(max, z);
      double sum = 0;
      p[i] = new double[logits[i].length];
      for (int c = 0; c < p[i].length; c++) sum += p[i][c] = Math.exp(logits[i][c] - max);
      for (int c = 0; c < p[i].length; c++) p[i][c] /= sum;
    }
    return p;
  }

  /**
   * The accuracy of the mean of {@code probabilities} (each [examples][classes], one per model):
   * an example counts when the class of largest mean probability (lowest index on ties) is its label.
   */
  public static double accuracy(List<double[][]> probabilities, int[] labels) {
    if (probabilities.isEmpty()) throw new IllegalArgumentException("probabilities must hold at least one model");
    int n = labels.length;
    if (n == 0) throw new IllegalArgumentException("labels must not be empty");
    for (double[][] p : probabilities)
      if (p.length != n)
        throw new IllegalArgumentException("every model must predict all " + n + " examples, got " + p.length);
    int classes = probabilities.get(0)[0].length;
    long hits = 0;
    double[] mean = new double[classes];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(mean, 0);
      for (double[][] p : probabilities) {
        if (p[i].length != classes)
          throw new IllegalArgumentException("every model must predict " + classes + " classes, got " + p[i].length);
        for (int c = 0; c < classes; c++) mean[c] += p[i][c];
      }
      int best = 0;
      for (int c = 1; c < classes; c++) if (mean[c] > mean[best]) best = c;
      if (best == labels[i]) hits++;
    }
    return (double) hits / n;
  }
}
