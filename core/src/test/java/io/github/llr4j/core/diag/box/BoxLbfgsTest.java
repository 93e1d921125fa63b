package io.github.llr4j.core.diag.box;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * L-BFGS-B on concave quadratics {@code f(x) = -(x - a).H(x - a)/2} over boxes, whose constrained
 * maxima are known: unique (strictly concave), at a corner, in the interior, or on a face (some
 * coordinates at bounds, the rest solving the reduced system by hand). H is dense and
 * ill-conditioned enough that coordinate-wise or sign moves from 0 go the wrong way somewhere.
 */
class BoxLbfgsTest {
  // symmetric positive definite (eigenvalues 0.28 to 6.24), strongly coupled
  private static final double[][] H = {
      {4, 2.5, 0, 1},
      {2.5, 3, -1, 0},
      {0, -1, 2, 0.5},
      {1, 0, 0.5, 1}};
  private static final double TOL = 1e-7;
  private static final BoxLbfgs.Settings TIGHT = new BoxLbfgs.Settings(10, 200, 2000, 1e-12, 0);

  private static BoxLbfgs.Objective quadratic(double[] a) {
    return x -> {
      int n = x.length;
      double[] g = new double[n];
      double f = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) g[i] -= H[i][j] * (x[j] - a[j]);
        f += 0.5 * g[i] * (x[i] - a[i]);
      }
      return new BoxLbfgs.Evaluation(f, g);
    };
  }

  private static double[] filled(double v) {
    return new double[] {v, v, v, v};
  }

  @Test
  void reachesACornerMaximum() {
    // a outside the box [-1, 1]^4; at the corner v = (-1, 1, 1, -1) the gradient -H(v - a) =
    // (-1.1, 0.3, 0.65, -1.35) points outwards in every coordinate (checked below), so v is the
    // constrained maximum. The gradient at the start x = 0, H a = (-3.6, -0.2, 1.15, -2.85), has
    // the wrong sign in the second coordinate: a sign step goes to the wrong face there.
    double[] a = {-1.4, 1.8, 2.1, -2.5};
    double[] v = {-1, 1, 1, -1};
    double[] gv = quadratic(a).evaluate(v).gradient();
    for (int i = 0; i < 4; i++) assertThat(gv[i] * v[i]).as("KKT at the corner, i = " + i).isGreaterThan(0.25);
    assertThat(quadratic(a).evaluate(new double[4]).gradient()[1]).isNegative();
    BoxLbfgs.Result r = BoxLbfgs.maximize(quadratic(a), new double[4], filled(-1), filled(1), TIGHT);
    assertThat(r.x()).containsExactly(v, within(TOL));
    assertThat(r.value()).isCloseTo(quadratic(a).evaluate(v).value(), within(TOL));
  }

  @Test
  void reachesAnInteriorMaximum() {
    double[] a = {0.3, -0.45, 0.2, 0.6};
    BoxLbfgs.Result r = BoxLbfgs.maximize(quadratic(a), new double[] {-0.9, 0.9, 0.9, -0.9}, filled(-1),
        filled(1), TIGHT);
    assertThat(r.x()).containsExactly(a, within(TOL));
    assertThat(r.value()).isCloseTo(0, within(1e-12));
    assertThat(r.stop()).isIn(BoxLbfgs.Stop.PROJECTED_GRADIENT, BoxLbfgs.Stop.RELATIVE_REDUCTION);
    // the quasi-Newton steps at work: 16 iterations measured to a projected gradient of 1e-12; steepest
    // ascent contracts the error by about (22 - 1) / (22 + 1) per exact step at this H's condition
    // number 22, some 300 iterations to 1e-12, so a wrong compact matrix that falls back on the
    // Cauchy path fails here (LbfgsMemoryTest pins the matrix itself)
    assertThat(r.iterations()).isLessThanOrEqualTo(25);
  }

  @Test
  void reachesAFaceMaximum() {
    // box [-1, 1]^4, a = (0, 0, 3, 0): x_1 = -1 and x_2 = 1 at their bounds, and the free
    // coordinates 0 and 3 solve H_FF x_F = -H_FA (x_A - a_A) = -(2.5 (-1) + 0 (-2), 0 (-1) + 0.5 (-2))
    // = (2.5, 1) with H_FF = [[4, 1], [1, 1]]: x_F = (0.5, 0.5). Gradient there (0, -0.25, 2.75, 0):
    // stationary in the free coordinates, pushing outwards at both bounds (checked below).
    double[] a = {0, 0, 3, 0};
    double[] want = {0.5, -1, 1, 0.5};
    assertThat(quadratic(a).evaluate(want).gradient()).containsExactly(new double[] {0, -0.25, 2.75, 0},
        within(1e-12));
    BoxLbfgs.Result r = BoxLbfgs.maximize(quadratic(a), new double[4], filled(-1), filled(1), TIGHT);
    assertThat(r.x()).containsExactly(want, within(TOL));
  }

  @Test
  void stopsWithinItsBudgetAndStaysInTheBox() {
    double[] a = {3, -4.6, 2, 1.1};
    int[] calls = {0};
    double[] lo = {-0.1, -0.2, -0.3, -0.4};
    double[] hi = {0.4, 0.3, 0.2, 0.1};
    BoxLbfgs.Result r = BoxLbfgs.maximize(x -> {
      calls[0]++;
      for (int i = 0; i < 4; i++) assertThat(x[i]).isBetween(lo[i], hi[i]);
      return quadratic(a).evaluate(x);
    }, new double[4], lo, hi, new BoxLbfgs.Settings(5, 2, 50, 0, 0));
    assertThat(r.iterations()).isLessThanOrEqualTo(2);
    assertThat(r.evaluations()).isEqualTo(calls[0]);
    assertThat(r.value()).isGreaterThan(quadratic(a).evaluate(new double[4]).value());
  }

  @Test
  void rejectsAnEmptyBox() {
    assertThatThrownBy(() -> BoxLbfgs.maximize(quadratic(new double[4]), new double[4], filled(1), filled(0), TIGHT))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lower must be <= upper");
  }
}
