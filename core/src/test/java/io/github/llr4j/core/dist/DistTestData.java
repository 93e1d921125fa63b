package io.github.llr4j.core.dist;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.train.Trainer;
import java.util.Random;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Small data and weight helpers for the data-parallel tests. */
final class DistTestData {
  static final int DIM = 6;
  static final int CLASSES = 3;

  private DistTestData() {}

  /** n examples of 3 overlapping Gaussian blobs (so the loss stays well above 0 for a few epochs). */
  static ArrayBatches blobs(int n, long seed, int batch) {
    Random r = new Random(seed);
    float[] x = new float[n * DIM];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(CLASSES);
      for (int d = 0; d < DIM; d++) x[i * DIM + d] = (float) r.nextGaussian() + (d == y[i] ? 1.5f : 0f);
    }
    return ArrayBatches.ofFloats(x, Shape.of(DIM), y).batchSize(batch).seed(seed).build();
  }

  /** The trainer's trainable weights, flattened in variable order. */
  static float[] weights(Trainer t) {
    var vars = t.model().trainableVariables();
    int n = 0;
    for (Variable<TFloat32> v : vars) n += (int) v.shape().size();
    float[] out = new float[n];
    int at = 0;
    for (Variable<TFloat32> v : vars) {
      try (Result r = t.session().runner().fetch(v).run()) {
        TFloat32 value = (TFloat32) r.get(0);
        float[] part = new float[(int) value.shape().size()];
        value.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(part, false, false));
        System.arraycopy(part, 0, out, at, part.length);
        at += part.length;
      }
    }
    return out;
  }

  /** max |a - b| / max(max |b|, 1e-12): relative to the largest weight, so tiny weights do not dominate. */
  static double maxRelativeDifference(float[] a, float[] b) {
    if (a.length != b.length) throw new IllegalArgumentException("lengths differ: " + a.length + " vs " + b.length);
    double scale = 1e-12;
    double diff = 0;
    for (int i = 0; i < a.length; i++) {
      scale = Math.max(scale, Math.abs(b[i]));
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
    }
    return diff / scale;
  }
}
