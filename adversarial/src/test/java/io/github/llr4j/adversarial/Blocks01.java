package io.github.llr4j.adversarial;

import io.github.llr4j.core.data.ArrayBatches;
import java.util.Random;
import org.tensorflow.ndarray.Shape;

/**
 * Test data in [0, 1]: 3 classes, 12 features in 3 blocks of 4; class c has its block at 0.7 and
 * the others at 0.3, plus N(0, 0.05^2) noise, clipped. A Linf perturbation of about 0.2 moves an
 * example to another class's centre, so robust accuracy must fall to 0 by eps 0.4.
 */
public final class Blocks01 {
  public static final int DIM = 12;
  public static final int CLASSES = 3;

  private Blocks01() {}

  public static ArrayBatches data(int n, long seed, int batch) {
    Random r = new Random(seed);
    float[] x = new float[n * DIM];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
      for (int d = 0; d < DIM; d++) {
        double v = (d / 4 == y[i] ? 0.7 : 0.3) + 0.05 * r.nextGaussian();
        x[i * DIM + d] = (float) Math.min(1, Math.max(0, v));
      }
    }
    return ArrayBatches.ofFloats(x, Shape.of(DIM), y).batchSize(batch).seed(seed).build();
  }
}
