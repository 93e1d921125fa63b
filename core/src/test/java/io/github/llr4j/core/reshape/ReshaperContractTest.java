package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every reshaper meets: spec section 6 vectors (or hand-computed values) for value and
 * derivative to 1e-4 relative, in the host formula and the float64 graph; TF gradient = analytic
 * derivative = float64 central difference of the graph on a grid; the graph derivative of
 * applyWithDerivative (what training uses) equals the TF gradient; float32 agrees; finite value and
 * gradient at extreme inputs.
 */
class ReshaperContractTest {

  private static final double[] XS = {0.01, 0.05, 0.15, 0.5, 1.0};

  /** reshaper, expected f at XS, expected f' at XS, extreme inputs that must be finite. */
  static Stream<Arguments> vectors() {
    double[] big = {0, 1e-12, 1e6, -1e6};
    return Stream.of(
        Arguments.of(Reshapers.sech(),
            new double[] {-0.424738, -0.407748, -0.300855, -0.044955, -0.002388},
            new double[] {0.146472, 0.684296, 1.249990, 0.262665, 0.014033}, big),
        Arguments.of(Reshapers.sech(2.5, 0.15, 0.5, true),
            new double[] {0.005733, 0.042724, 0.199616, 0.630517, 0.923084},
            new double[] {0.646472, 1.184296, 1.749990, 0.762665, 0.514033}, big),
        Arguments.of(Reshapers.logexp(0.5, 1, 1),
            new double[] {-0.673246, -0.595529, -0.412740, 0.138649, 0.796733},
            new double[] {1.980296, 1.906995, 1.755476, 1.435267, 1.225400}, new double[] {0, 1e-12, 1e6}),
        Arguments.of(Reshapers.atan(5, 1),
            new double[] {0.010500, 0.062479, 0.260841, 1.574846, 4.084251},
            new double[] {1.099987, 1.498338, 2.456136, 4.709181, 4.926991}, big),
        Arguments.of(Reshapers.linquad(0.5),
            new double[] {0.010050, 0.051250, 0.161250, 0.625000, 1.500000},
            new double[] {1.010, 1.050, 1.150, 1.500, 2.000}, big),
        // hand-computed: (1-a)x + e^{ax} - 1 and 1 - a + a e^{ax}, a = 0.5
        Arguments.of(Reshapers.linexp(0.5),
            new double[] {0.5 * 0.01 + 0.0050125208594, 0.025 + 0.0253151205244, 0.075 + 0.0778841508846,
                0.25 + 0.2840254166877, 0.5 + 0.6487212707001},
            new double[] {0.5 + 0.5 * 1.0050125208594, 0.5 + 0.5 * 1.0253151205244,
                0.5 + 0.5 * 1.0778841508846, 0.5 + 0.5 * 1.2840254166877, 0.5 + 0.5 * 1.6487212707001},
            new double[] {0, 1e-12, -1e6}),
        // window a=3 on [0.04, 0.6]: 3x inside, x outside
        Arguments.of(Reshapers.window(3, 0.04, 0.6),
            new double[] {0.01, 0.15, 0.45, 1.5, 1.0},
            new double[] {1, 3, 3, 3, 1}, new double[] {0, 1e-12, 1e6, -1e6, 0.04, 0.6}),
        // flooding b=0.1: |x-0.1|+0.1
        Arguments.of(Reshapers.flooding(0.1),
            new double[] {0.19, 0.15, 0.15, 0.5, 1.0},
            new double[] {-1, -1, 1, 1, 1}, new double[] {0, 1e-12, 1e6, -1e6, 0.1}),
        Arguments.of(Reshapers.identity(), XS.clone(), new double[] {1, 1, 1, 1, 1}, big));
  }

  private static void close(double expected, double actual, double rel, String what) {
    assertThat(actual).as(what).isCloseTo(expected, within(rel * Math.max(Math.abs(expected), 1e-3)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void matchesVectorsInHostAndGraph(LossReshaper r, double[] f, double[] df, double[] extremes) {
    try (GraphEval g = new GraphEval(r)) {
      for (int i = 0; i < XS.length; i++) {
        double x = XS[i];
        close(f[i], r.value(x), 1e-4, r + " value(" + x + ")");
        close(df[i], r.derivative(x), 1e-4, r + " derivative(" + x + ")");
        double[] gd = g.at64(x);
        close(f[i], gd[0], 1e-4, r + " graph f64(" + x + ")");
        close(df[i], gd[1], 1e-4, r + " graph grad f64(" + x + ")");
        float[] gf = g.at32((float) x);
        close(f[i], gf[0], 1e-4, r + " graph f32(" + x + ")");
        close(df[i], gf[1], 1e-4, r + " graph grad f32(" + x + ")");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void tfGradientEqualsAnalyticEqualsCentralDifference(
      LossReshaper r, double[] f, double[] df, double[] extremes) {
    try (GraphEval g = new GraphEval(r)) {
      for (double x = 0.02; x < 3; x += 0.0937) {
        if (r instanceof Window w && (Math.abs(x - w.lo()) < 1e-3 || Math.abs(x - w.hi()) < 1e-3)) continue;
        if (r instanceof Flooding fl && Math.abs(x - fl.b()) < 1e-3) continue;
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

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void finiteAtExtremeInputs(LossReshaper r, double[] f, double[] df, double[] extremes) {
    try (GraphEval g = new GraphEval(r)) {
      for (double x : extremes) {
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
        // at the kinks (flooding's b, window's bounds, in the extremes lists) the graph derivative picks
        // the side TF's gradient picks
        assertThat(d[3]).as(r + " f64 derivative vs tf grad at " + x).isCloseTo(d[1], within(1e-9 * Math.max(1, Math.abs(d[1]))));
        assertThat(r.value(x)).isFinite();
        assertThat(r.derivative(x)).isFinite();
      }
    }
  }
}
