package io.github.llr4j.core.diag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpectralDensityTest {

  @Test
  void tridiagonal2x2MatchesHandValues() {
    // [[2,1],[1,2]]: eigenvalues 1, 3; eigenvectors (1,-1)/sqrt2, (1,1)/sqrt2
    TridiagonalEigen e = TridiagonalEigen.of(new double[] {2, 2}, new double[] {1});
    assertThat(e.values()[0]).isCloseTo(1, within(1e-14));
    assertThat(e.values()[1]).isCloseTo(3, within(1e-14));
    for (double z : e.firstComponents()) assertThat(z * z).isCloseTo(0.5, within(1e-14));
  }

  @Test
  void tridiagonal3x3MatchesHandValues() {
    // second-difference matrix: eigenvalues 2 - sqrt2, 2, 2 + sqrt2, eigenvectors
    // (1, sqrt2, 1)/2, (1, 0, -1)/sqrt2, (1, -sqrt2, 1)/2 -> squared first components 1/4, 1/2, 1/4
    TridiagonalEigen e = TridiagonalEigen.of(new double[] {2, 2, 2}, new double[] {-1, -1});
    assertThat(e.values()).containsExactly(new double[] {2 - Math.sqrt(2), 2, 2 + Math.sqrt(2)}, within(1e-13));
    double[] sq = Arrays.stream(e.firstComponents()).map(z -> z * z).toArray();
    assertThat(sq).containsExactly(new double[] {0.25, 0.5, 0.25}, within(1e-13));
  }

  @Test
  void tridiagonalDiagonalAndSplitBlocks() {
    // zero off-diagonal: eigenvalues are the diagonal, only the first unit vector has a first component
    TridiagonalEigen e = TridiagonalEigen.of(new double[] {3, -1, 2}, new double[] {0, 0});
    assertThat(e.values()).containsExactly(-1, 2, 3);
    assertThat(e.firstComponents()).containsExactly(new double[] {0, 0, 1}, within(0.0));
    TridiagonalEigen one = TridiagonalEigen.of(new double[] {7}, new double[0]);
    assertThat(one.values()).containsExactly(7);
    assertThat(one.firstComponents()).containsExactly(1);
  }

  @Test
  void tridiagonalRandomMatchesTraceAndDeterminantIdentities() {
    Random r = new Random(3);
    int m = 40;
    double[] d = new double[m], e = new double[m - 1];
    for (int i = 0; i < m; i++) d[i] = r.nextGaussian();
    for (int i = 0; i < m - 1; i++) e[i] = r.nextGaussian();
    TridiagonalEigen t = TridiagonalEigen.of(d, e);
    // sum of eigenvalues = trace; sum of squared eigenvalues = Frobenius norm^2; first components unit norm
    double trace = Arrays.stream(d).sum();
    double frob = Arrays.stream(d).map(x -> x * x).sum() + 2 * Arrays.stream(e).map(x -> x * x).sum();
    assertThat(Arrays.stream(t.values()).sum()).isCloseTo(trace, within(1e-10));
    assertThat(Arrays.stream(t.values()).map(x -> x * x).sum()).isCloseTo(frob, within(1e-9));
    assertThat(Arrays.stream(t.firstComponents()).map(x -> x * x).sum()).isCloseTo(1, within(1e-12));
    // (T q)_0 = lambda q_0 summed with weights: sum_k q0k^2 lambda_k = T[0][0]
    double m1 = 0;
    for (int k = 0; k < m; k++) m1 += t.firstComponents()[k] * t.firstComponents()[k] * t.values()[k];
    assertThat(m1).isCloseTo(d[0], within(1e-10));
  }

  @Test
  void tridiagonalRejectsBadShapes() {
    assertThatThrownBy(() -> TridiagonalEigen.of(new double[] {1, 2}, new double[] {1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offDiagonal must have 1 entries, got 2");
  }

  /** diag(0 x 20, 1, 2, 5, -1): five distinct eigenvalues, n = 24. */
  private static double[] knownSpectrum() {
    double[] lambda = new double[24];
    lambda[20] = 1;
    lambda[21] = 2;
    lambda[22] = 5;
    lambda[23] = -1;
    return lambda;
  }

  private static double[] applyDiagonal(double[] lambda, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = lambda[i] * v[i];
    return out;
  }

  @Test
  void slqRecoversAKnownSpectrumAndItsFractionOfZeros() {
    double[] lambda = knownSpectrum();
    SpectralDensity.Quadrature q = SpectralDensity.estimate(lambda.length, v -> applyDiagonal(lambda, v), 8, 3, 11);
    // the Krylov space has dimension 5 (distinct eigenvalues): each vector stops after 5 products
    assertThat(q.products()).isEqualTo(15);
    assertThat(q.nodes()).hasSize(15);
    double[] distinct = {-1, 0, 1, 2, 5};
    for (int s = 0; s < 3; s++)
      for (int k = 0; k < 5; k++) assertThat(q.nodes()[5 * s + k]).isCloseTo(distinct[k], within(1e-9));
    // Rademacher start vectors: weight of an eigenvalue = multiplicity / n, exactly (to rounding)
    assertThat(Arrays.stream(q.weights()).sum()).isCloseTo(1, within(1e-12));
    assertThat(q.massNear(0, 1e-6)).isCloseTo(20.0 / 24, within(1e-12));
    assertThat(q.negativeMass(1e-6)).isCloseTo(1.0 / 24, within(1e-12));
    assertThat(q.massNear(5, 1e-6)).isCloseTo(1.0 / 24, within(1e-12));
  }

  @Test
  void slqDensityIntegratesToOneAndPeaksAtZero() {
    double[] lambda = knownSpectrum();
    SpectralDensity.Quadrature q = SpectralDensity.estimate(lambda.length, v -> applyDiagonal(lambda, v), 10, 2, 5);
    double sigma = 0.05;
    double[] grid = q.grid(sigma, 2001);
    double[] phi = q.density(grid, sigma);
    double h = grid[1] - grid[0];
    assertThat(Arrays.stream(phi).sum() * h).isCloseTo(1, within(1e-3));
    int argmax = 0;
    for (int i = 1; i < phi.length; i++) if (phi[i] > phi[argmax]) argmax = i;
    assertThat(grid[argmax]).isCloseTo(0, within(h));
    // peak height of the zero cluster: (20/24) / (sigma sqrt(2 pi))
    assertThat(phi[argmax]).isCloseTo(20.0 / 24 / (sigma * Math.sqrt(2 * Math.PI)), within(1e-2));
  }

  @Test
  void slqWithFewStepsBracketsTheExtremesOfALargeSpectrum() {
    // 200 eigenvalues evenly in [-1, 3]: 30 Lanczos steps find the extremes (Ritz values converge there first)
    int n = 200;
    double[] lambda = new double[n];
    for (int i = 0; i < n; i++) lambda[i] = -1 + 4.0 * i / (n - 1);
    SpectralDensity.Quadrature q = SpectralDensity.estimate(n, v -> applyDiagonal(lambda, v), 30, 4, 2);
    assertThat(q.min()).isCloseTo(-1, within(1e-3));
    assertThat(q.max()).isCloseTo(3, within(1e-3));
    // a quarter of the eigenvalues are negative; the quadrature's negative mass within 0.05
    assertThat(q.negativeMass(0)).isCloseTo(0.25, within(0.05));
  }
}
