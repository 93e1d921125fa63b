package io.github.llr4j.core.diag.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact form {@code theta I - W M W^T} against the dense BFGS recursion
 * {@code B <- B - B s s^T B / (s.B s) + y y^T / (y.s)} started from {@code theta I} (theta of the
 * newest pair) and run over the same pairs, oldest first: the two are the same matrix (Byrd,
 * Nocedal, Schnabel 1994, theorem 2.3), so a wrong sign, block or index in M shows here even where
 * the minimiser's Cauchy-path fallback would still converge.
 */
class LbfgsMemoryTest {
  private static final int N = 5;

  @Test
  void compactFormEqualsTheDenseBfgsRecursion() {
    double[][] s = new double[4][];
    double[][] y = new double[4][];
    LbfgsMemory mem = updated(10, 7, s, y);
    assertThat(mem.size()).isEqualTo(4);
    assertThat(mem.theta()).isCloseTo(LbfgsMemory.dot(y[3], y[3]) / LbfgsMemory.dot(s[3], y[3]), within(1e-12));
    assertMatrix(compact(mem), dense(mem.theta(), s, y, 0));
  }

  @Test
  void dropsTheOldestPairAtCapacity() {
    double[][] s = new double[4][];
    double[][] y = new double[4][];
    LbfgsMemory mem = updated(3, 11, s, y);
    assertThat(mem.size()).isEqualTo(3);
    assertMatrix(compact(mem), dense(mem.theta(), s, y, 1));
  }

  @Test
  void skipsAPairWithoutCurvature() {
    LbfgsMemory mem = new LbfgsMemory(10);
    assertThat(mem.update(new double[] {1, 0, 0, 0, 0}, new double[] {-1, 0.5, 0, 0, 0})).isFalse();
    assertThat(mem.size()).isZero();
    assertThat(mem.theta()).isEqualTo(1);
  }

  /**
   * A memory of {@code capacity} updated with s.length pairs of a random convex quadratic (so every
   * s.y > 0 and every pair is taken), which it writes into {@code s} and {@code y}.
   */
  private static LbfgsMemory updated(int capacity, long seed, double[][] s, double[][] y) {
    Random r = new Random(seed);
    double[][] a = spd(r);
    LbfgsMemory mem = new LbfgsMemory(capacity);
    for (int k = 0; k < s.length; k++) {
      s[k] = gaussian(r);
      y[k] = times(a, s[k]);
      assertThat(mem.update(s[k], y[k])).isTrue();
    }
    return mem;
  }

  private static void assertMatrix(double[][] got, double[][] want) {
    for (int i = 0; i < N; i++) {
      assertThat(got[i]).as("row " + i).containsExactly(want[i], within(1e-10));
    }
  }

  /** theta I - W M W^T, built from the rows of W. */
  private static double[][] compact(LbfgsMemory mem) {
    double[][] b = new double[N][N];
    for (int i = 0; i < N; i++) {
      double[] mwi = mem.mTimes(mem.row(i));
      for (int j = 0; j < N; j++) {
        b[i][j] = (i == j ? mem.theta() : 0) - LbfgsMemory.dot(mem.row(j), mwi);
      }
    }
    return b;
  }

  /** The BFGS recursion from theta I over the pairs from index {@code first} on. */
  private static double[][] dense(double theta, double[][] s, double[][] y, int first) {
    double[][] b = new double[N][N];
    for (int i = 0; i < N; i++) b[i][i] = theta;
    for (int k = first; k < s.length; k++) {
      double[] bs = times(b, s[k]);
      double sbs = LbfgsMemory.dot(s[k], bs);
      double ys = LbfgsMemory.dot(y[k], s[k]);
      for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) b[i][j] += -bs[i] * bs[j] / sbs + y[k][i] * y[k][j] / ys;
      }
    }
    return b;
  }

  /** G G^T + I for a standard normal G: symmetric positive definite, not diagonal. */
  private static double[][] spd(Random r) {
    double[][] g = new double[N][];
    for (int i = 0; i < N; i++) g[i] = gaussian(r);
    double[][] a = new double[N][N];
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) a[i][j] = LbfgsMemory.dot(g[i], g[j]) + (i == j ? 1 : 0);
    }
    return a;
  }

  private static double[] gaussian(Random r) {
    double[] v = new double[N];
    for (int i = 0; i < N; i++) v[i] = r.nextGaussian();
    return v;
  }

  private static double[] times(double[][] a, double[] v) {
    return DenseLinear.times(a, v);
  }
}
