package io.github.llr4j.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.reshape.LossReshaper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every {@link LossReshaper} meets. A test class extends this class and lists its
 * reshapers with expected values in {@link #cases()}; JUnit then runs, for every case:
 *
 * <ol>
 *   <li><b>vectors</b>: at {@link #XS}, the expected f and f' (spec section 6 vectors or
 *       hand-computed values) to 1e-4 relative in the host formulas ({@code value},
 *       {@code derivative}) and in the float64 and float32 graphs;
 *   <li><b>gradients</b>: on a grid of x in [0.02, 3), TF's symbolic gradient = the analytic
 *       derivative (1e-9 relative) = the float64 central difference of the graph (1e-6), graph
 *       value = host value (1e-12), and {@code applyWithDerivative} (what training uses) gives the
 *       same value and derivative as {@code apply} and TF's gradient; float32 agrees to 2e-5.
 *       Grid points within 1e-3 of a declared kink are skipped;
 *   <li><b>extremes</b>: finite value and gradient, float64 and float32, at every extreme input,
 *       and at the kinks {@code applyWithDerivative}'s derivative picks the side TF's gradient picks.
 * </ol>
 *
 * Relative tolerances are taken against {@code max(|expected|, 1e-3)}. A user's own reshaper
 * proves itself the same way:
 *
 * <pre>{@code
 * class MyReshaperContractTest extends ReshaperContract {
 *   protected List<Case> cases() {
 *     return List.of(Case.of(new MyReshaper(0.5), f, df, new double[] {0, 1e-12, 1e6}));
 *   }
 * }
 * }</pre>
 */
public abstract class ReshaperContract {

  /** The inputs of the expected values in a {@link Case}. */
  public static final double[] XS = {0.01, 0.05, 0.15, 0.5, 1.0};

  /** The reshapers under contract. */
  protected abstract List<Case> cases();

  /**
   * One reshaper with its expected values.
   *
   * @param reshaper the function, with the coefficient values the vectors were computed for
   * @param f expected f at {@link #XS}
   * @param df expected f' at {@link #XS}
   * @param extremes inputs where value and gradient must be finite (include the kinks)
   * @param kinks inputs where f' jumps; the gradient grid skips their neighbourhood
   */
  public record Case(
      LossReshaper reshaper, double[] f, double[] df, double[] extremes, double[] kinks) {

    public Case {
      if (f.length != XS.length || df.length != XS.length) {
        throw new IllegalArgumentException(
            "f and df must have one value per XS (" + XS.length + "), got " + f.length + " and "
                + df.length);
      }
      f = f.clone();
      df = df.clone();
      extremes = extremes.clone();
      kinks = kinks.clone();
    }

    /** A smooth reshaper (no kinks). */
    public static Case of(LossReshaper reshaper, double[] f, double[] df, double[] extremes) {
      return new Case(reshaper, f, df, extremes, new double[0]);
    }

    /** This case with the inputs where f' jumps. */
    public Case withKinks(double... points) {
      return new Case(reshaper, f, df, extremes, points);
    }

    @Override
    public String toString() {
      return reshaper.toString();
    }
  }

  @TestFactory
  public Stream<DynamicTest> matchesVectorsInHostAndGraph() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> vectors(c)));
  }

  @TestFactory
  public Stream<DynamicTest> tfGradientEqualsAnalyticEqualsCentralDifference() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> gradients(c)));
  }

  @TestFactory
  public Stream<DynamicTest> finiteAtExtremeInputs() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> extremes(c)));
  }

  private static void close(double expected, double actual, double rel, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(rel * Math.max(Math.abs(expected), 1e-3)));
  }

  private static void vectors(Case c) {
    LossReshaper r = c.reshaper();
    try (GraphEval g = new GraphEval(r)) {
      for (int i = 0; i < XS.length; i++) {
        double x = XS[i];
        close(c.f()[i], r.value(x), 1e-4, r + " value(" + x + ")");
        close(c.df()[i], r.derivative(x), 1e-4, r + " derivative(" + x + ")");
        double[] gd = g.at64(x);
        close(c.f()[i], gd[0], 1e-4, r + " graph f64(" + x + ")");
        close(c.df()[i], gd[1], 1e-4, r + " graph grad f64(" + x + ")");
        float[] gf = g.at32((float) x);
        close(c.f()[i], gf[0], 1e-4, r + " graph f32(" + x + ")");
        close(c.df()[i], gf[1], 1e-4, r + " graph grad f32(" + x + ")");
      }
    }
  }

  private static boolean nearKink(Case c, double x) {
    for (double k : c.kinks()) {
      if (Math.abs(x - k) < 1e-3) return true;
    }
    return false;
  }

  private static void gradients(Case c) {
    LossReshaper r = c.reshaper();
    try (GraphEval g = new GraphEval(r)) {
      for (double x = 0.02; x < 3; x += 0.0937) {
        if (nearKink(c, x)) continue;
        double h = 1e-6;
        double central = (g.at64(x + h)[0] - g.at64(x - h)[0]) / (2 * h);
        double tfGrad = g.at64(x)[1];
        close(r.derivative(x), tfGrad, 1e-9, r + " tf grad vs analytic at " + x);
        close(r.derivative(x), central, 1e-6, r + " central diff vs analytic at " + x);
        close(r.value(x), g.at64(x)[0], 1e-12, r + " graph vs host value at " + x);
        close(r.value(x), g.at64(x)[2], 1e-12, r + " applyWithDerivative value at " + x);
        close(tfGrad, g.at64(x)[3], 1e-12, r + " applyWithDerivative derivative vs tf grad at " + x);
        float[] g32 = g.at32((float) x);
        close(r.value((float) x), g32[0], 2e-5, r + " f32 value at " + x);
        close(r.derivative((float) x), g32[1], 2e-5, r + " f32 grad at " + x);
        close(g32[0], g32[2], 1e-6, r + " f32 applyWithDerivative value at " + x);
        close(g32[1], g32[3], 1e-6, r + " f32 applyWithDerivative derivative at " + x);
      }
    }
  }

  private static void extremes(Case c) {
    LossReshaper r = c.reshaper();
    try (GraphEval g = new GraphEval(r)) {
      for (double x : c.extremes()) {
        double[] d = g.at64(x);
        float[] s = g.at32((float) x);
        assertThat(d[0]).as(r + " f64 value at " + x).isFinite();
        assertThat(d[1]).as(r + " f64 grad at " + x).isFinite();
        assertThat(s[0]).as(r + " f32 value at " + x).isFinite();
        assertThat(s[1]).as(r + " f32 grad at " + x).isFinite();
        for (int i = 2; i < 4; i++) {
          assertThat(d[i]).as(r + " f64 applyWithDerivative output " + i + " at " + x).isFinite();
          assertThat(s[i]).as(r + " f32 applyWithDerivative output " + i + " at " + x).isFinite();
        }
        // at a kink the graph derivative must pick the side TF's gradient picks
        assertThat(d[3]).as(r + " f64 derivative vs tf grad at " + x)
            .isCloseTo(d[1], within(1e-9 * Math.max(1, Math.abs(d[1]))));
        assertThat(r.value(x)).as(r + " host value at " + x).isFinite();
        assertThat(r.derivative(x)).as(r + " host derivative at " + x).isFinite();
      }
    }
  }
}
