package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Session;

/**
 * Loss surfaces around the current weights w0: the plain mean loss in inference mode at
 * {@code w0 + a d1} (1-D) or {@code w0 + a d1 + b d2} (2-D), directions usually from
 * {@link Directions#filterNormalised}. The weights are restored bit for bit afterwards, also when
 * an evaluation fails.
 */
public final class LossSurface {

  private LossSurface() {}

  /** A 1-D surface: {@code losses[i]} at {@code alphas[i]}. */
  public record Line(double[] alphas, double[] losses, double seconds) {
    /** Loss at the point closest to a = 0. */
    public double centre() {
      int best = 0;
      for (int i = 1; i < alphas.length; i++) if (Math.abs(alphas[i]) < Math.abs(alphas[best])) best = i;
      return losses[best];
    }

    /**
     * 1-D sharpness: the largest loss increase over the centre along the line,
     * {@code max_i L(a_i) - L(0)}.
     */
    public double maxIncrease() {
      double c = centre(), m = 0;
      for (double l : losses) m = Math.max(m, l - c);
      return m;
    }

    /** CSV with header {@code alpha,loss}. */
    public void writeCsv(Path file) {
      StringBuilder b = new StringBuilder("alpha,loss\n");
      for (int i = 0; i < alphas.length; i++) b.append(String.format(Locale.ROOT, "%.6g,%.8g%n", alphas[i], losses[i]));
      write(file, b);
    }
  }

  /** A 2-D surface: {@code losses[i][j]} at {@code (alphas[i], betas[j])}. */
  public record Plane(double[] alphas, double[] betas, double[][] losses, double seconds) {
    /** CSV with header {@code alpha,beta,loss}, alpha outer. */
    public void writeCsv(Path file) {
      StringBuilder b = new StringBuilder("alpha,beta,loss\n");
      for (int i = 0; i < alphas.length; i++)
        for (int j = 0; j < betas.length; j++)
          b.append(String.format(Locale.ROOT, "%.6g,%.6g,%.8g%n", alphas[i], betas[j], losses[i][j]));
      write(file, b);
    }
  }

  /** {@code n} evenly spaced values in {@code [-radius, radius]} (n odd puts one at 0). */
  public static double[] grid(double radius, int n) {
    if (!(radius > 0) || n < 2) throw new IllegalArgumentException("radius must be > 0 and n >= 2, got " + radius + ", " + n);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) out[i] = -radius + 2 * radius * i / (n - 1);
    return out;
  }

  /** The 1-D surface along {@code d} at {@code alphas}. */
  public static Line line(LossProbe probe, Session session, List<Batch> data, double[] d, double[] alphas) {
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    double[] losses = new double[alphas.length];
    try {
      for (int i = 0; i < alphas.length; i++) {
        probe.setWeights(session, Vectors.plus(w0, alphas[i], d));
        losses[i] = probe.loss(session, data);
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Line(alphas.clone(), losses, (System.nanoTime() - t0) / 1e9);
  }

  /** The 2-D surface spanned by {@code d1} and {@code d2}. */
  public static Plane plane(LossProbe probe, Session session, List<Batch> data, double[] d1, double[] d2,
      double[] alphas, double[] betas) {
    long t0 = System.nanoTime();
    double[] w0 = probe.weights(session);
    double[][] losses = new double[alphas.length][betas.length];
    try {
      for (int i = 0; i < alphas.length; i++) {
        double[] wa = Vectors.plus(w0, alphas[i], d1);
        for (int j = 0; j < betas.length; j++) {
          probe.setWeights(session, Vectors.plus(wa, betas[j], d2));
          losses[i][j] = probe.loss(session, data);
        }
      }
    } finally {
      probe.setWeights(session, w0);
    }
    return new Plane(alphas.clone(), betas.clone(), losses, (System.nanoTime() - t0) / 1e9);
  }

  private static void write(Path file, CharSequence text) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) Files.createDirectories(dir);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
