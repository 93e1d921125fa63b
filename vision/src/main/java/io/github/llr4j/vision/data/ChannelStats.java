package io.github.llr4j.vision.data;

/**
 * Per-channel mean and population standard deviation over all pixels of a data set (computed in
 * double), for the model's input normalisation {@code (x - mean[c]) / std[c]}.
 */
public record ChannelStats(double[] mean, double[] std) {

  /** Computes the statistics of {@code data}. */
  public static ChannelStats of(ImageDataset data) {
    int c = data.channels();
    double[] s = new double[c], s2 = new double[c];
    float[] p = data.pixels();
    for (int i = 0; i < p.length; i++) {
      s[i % c] += p[i];
      s2[i % c] += (double) p[i] * p[i];
    }
    long n = p.length / c;
    double[] mean = new double[c], std = new double[c];
    for (int k = 0; k < c; k++) {
      mean[k] = s[k] / n;
      std[k] = Math.sqrt(Math.max(0, s2[k] / n - mean[k] * mean[k]));
    }
    return new ChannelStats(mean, std);
  }
}
