package io.github.llr4j.core.reshape;

import io.github.llr4j.core.testing.ReshaperContract;
import java.util.List;
import java.util.Map;

/**
 * Every built-in reshaper and two {@link UserFunction}s under {@link ReshaperContract}: spec
 * section 6 vectors (or hand-computed values) for value and derivative, TF gradient vs analytic
 * derivative vs float64 central differences on a grid, finite gradients at extreme inputs.
 */
class ReshaperContractTest extends ReshaperContract {

  @Override
  protected List<Case> cases() {
    double[] big = {0, 1e-12, 1e6, -1e6};
    return List.of(
        Case.of(Reshapers.sech(),
            new double[] {-0.424738, -0.407748, -0.300855, -0.044955, -0.002388},
            new double[] {0.146472, 0.684296, 1.249990, 0.262665, 0.014033}, big),
        Case.of(Reshapers.sech(2.5, 0.15, 0.5, true),
            new double[] {0.005733, 0.042724, 0.199616, 0.630517, 0.923084},
            new double[] {0.646472, 1.184296, 1.749990, 0.762665, 0.514033}, big),
        // ImageNet variant, -(ab/c)/cosh(c y/b) + y for y = k fmod(x, 1/k) - s >= 0, else y (the
        // reference's formula in float64): kinks at the shift (f jumps by -ab/c) and at the wraps
        // (shift 0.24 keeps the grid off f's zero near x = 1.519 for shift 0.25, where float32's
        // cancellation of -(ab/c) sech + y exceeds the relative tolerance)
        Case.of(Reshapers.sechImageNet(4, 0.15, 0.24, 1),
            new double[] {-0.23, -0.19, -0.09, -0.022198, -0.24},
            new double[] {1, 1, 1, 2.508967, 1},
            new double[] {0, 1e-12, 1e6, -1e6, 0.24, 1.0, 1.24})
            .withKinks(0.24, 1.0, 1.24, 2.0, 2.24),
        Case.of(Reshapers.sechImageNet(6, 0.15, 0.12, 2),
            new double[] {-0.1, -0.02, -0.452895, -0.12, -0.12},
            new double[] {2, 2, 7.836719, 2, 2},
            new double[] {0, 1e-12, 1e6, -1e6, 0.06, 0.5, 0.56})
            .withKinks(0.06, 0.5, 0.56, 1.0, 1.06, 1.5, 1.56, 2.0, 2.06, 2.5, 2.56),
        Case.of(Reshapers.logexp(0.5, 1, 1),
            new double[] {-0.673246, -0.595529, -0.412740, 0.138649, 0.796733},
            new double[] {1.980296, 1.906995, 1.755476, 1.435267, 1.225400}, new double[] {0, 1e-12, 1e6}),
        Case.of(Reshapers.atan(5, 1),
            new double[] {0.010500, 0.062479, 0.260841, 1.574846, 4.084251},
            new double[] {1.099987, 1.498338, 2.456136, 4.709181, 4.926991}, big),
        Case.of(Reshapers.linquad(0.5),
            new double[] {0.010050, 0.051250, 0.161250, 0.625000, 1.500000},
            new double[] {1.010, 1.050, 1.150, 1.500, 2.000}, big),
        // hand-computed: (1-a)x + e^{ax} - 1 and 1 - a + a e^{ax}, a = 0.5
        Case.of(Reshapers.linexp(0.5),
            new double[] {0.5 * 0.01 + 0.0050125208594, 0.025 + 0.0253151205244, 0.075 + 0.0778841508846,
                0.25 + 0.2840254166877, 0.5 + 0.6487212707001},
            new double[] {0.5 + 0.5 * 1.0050125208594, 0.5 + 0.5 * 1.0253151205244,
                0.5 + 0.5 * 1.0778841508846, 0.5 + 0.5 * 1.2840254166877, 0.5 + 0.5 * 1.6487212707001},
            new double[] {0, 1e-12, -1e6}),
        // window a=3 on [0.04, 0.6]: 3x inside, x outside
        Case.of(Reshapers.window(3, 0.04, 0.6),
            new double[] {0.01, 0.15, 0.45, 1.5, 1.0},
            new double[] {1, 3, 3, 3, 1}, new double[] {0, 1e-12, 1e6, -1e6, 0.04, 0.6})
            .withKinks(0.04, 0.6),
        // flooding b=0.1: |x-0.1|+0.1
        Case.of(Reshapers.flooding(0.1),
            new double[] {0.19, 0.15, 0.15, 0.5, 1.0},
            new double[] {-1, -1, 1, 1, 1}, new double[] {0, 1e-12, 1e6, -1e6, 0.1})
            .withKinks(0.1),
        Case.of(Reshapers.identity(), XS.clone(), new double[] {1, 1, 1, 1, 1}, big),
        // user functions: x^3 + 2x from its graph only (host values by evaluating the graph), and
        // log(1 + s x), s = 2 fed as a coefficient, with host formulas
        Case.of(UserFunction.of("cubic", (tf, x) ->
                tf.math.add(tf.math.mul(x, tf.math.mul(x, x)), tf.math.mul(tf.constant(2.0), x))),
            new double[] {0.020001, 0.100125, 0.303375, 1.125, 3},
            new double[] {2.0003, 2.0075, 2.0675, 2.75, 5}, big),
        Case.of(new UserFunction("log1p", Map.of("s", 2.0),
                (tf, x, c) -> tf.math.log1p(tf.math.mul(c.get("s"), x)),
                x -> Math.log1p(2 * x), x -> 2 / (1 + 2 * x)),
            new double[] {0.0198026273, 0.0953101798, 0.2623642645, 0.6931471806, 1.0986122887},
            new double[] {1.9607843137, 1.8181818182, 1.5384615385, 1, 0.6666666667},
            new double[] {0, 1e-12, 1e6}));
  }
}
