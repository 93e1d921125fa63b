package io.github.llr4j.core.nn.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.init.Initializers.FanMode;
import io.github.llr4j.core.testing.TensorValues;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;

class InitializersTest {
  private static final Shape CONV = Shape.of(3, 3, 64, 128); // 73,728 values

  private static float[] draw(Initializer init, Shape shape, long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      return TensorValues.fetch(s, init.initialValue(tf, shape, Fans.of(shape), seed));
    }
  }

  private static double mean(float[] v) {
    double m = 0;
    for (float x : v) {
      m += x;
    }
    return m / v.length;
  }

  private static double std(float[] v) {
    double m = mean(v);
    double q = 0;
    for (float x : v) {
      q += (x - m) * (x - m);
    }
    return Math.sqrt(q / v.length);
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  @Test
  void fansFollowPytorch() {
    assertThat(Fans.of(CONV)).isEqualTo(new Fans(576, 1152));
    assertThat(Fans.of(Shape.of(20, 7))).isEqualTo(new Fans(20, 7));
    assertThat(Fans.depthwise(Shape.of(3, 3, 32, 2))).isEqualTo(new Fans(9, 18));
  }

  @Test
  void heNormalHasTheKaimingStandardDeviationForBothFanModes() {
    float[] out = draw(Initializers.heNormal(FanMode.FAN_OUT), CONV, 1);
    assertThat(std(out)).isCloseTo(Math.sqrt(2.0 / 1152), within(0.02 * Math.sqrt(2.0 / 1152)));
    assertThat(mean(out)).isCloseTo(0, within(0.001));
    float[] in = draw(Initializers.heNormal(FanMode.FAN_IN), CONV, 1);
    assertThat(std(in)).isCloseTo(Math.sqrt(2.0 / 576), within(0.02 * Math.sqrt(2.0 / 576)));
  }

  @Test
  void uniformInitialisersRespectTheirBoundsAndVariance() {
    double heBound = Math.sqrt(2.0) * Math.sqrt(3.0 / 576);
    float[] he = draw(Initializers.heUniform(FanMode.FAN_IN), CONV, 2);
    assertThat(maxAbs(he)).isLessThanOrEqualTo(heBound).isGreaterThan(0.99 * heBound);
    assertThat(std(he)).isCloseTo(heBound / Math.sqrt(3), within(0.02 * heBound / Math.sqrt(3)));

    double glorot = Math.sqrt(6.0 / (576 + 1152));
    float[] gl = draw(Initializers.glorotUniform(), CONV, 3);
    assertThat(maxAbs(gl)).isLessThanOrEqualTo(glorot).isGreaterThan(0.99 * glorot);
    assertThat(std(gl)).isCloseTo(glorot / Math.sqrt(3), within(0.02 * glorot / Math.sqrt(3)));

    double pt = 1 / Math.sqrt(576);
    float[] py = draw(Initializers.pytorchDefault(), CONV, 4);
    assertThat(maxAbs(py)).isLessThanOrEqualTo(pt).isGreaterThan(0.99 * pt);
    assertThat(mean(py)).isCloseTo(0, within(0.01 * pt));
  }

  @Test
  void truncatedNormalStaysWithinTwoStdAndHasTheTruncatedSpread() {
    float[] v = draw(Initializers.truncatedNormal(0.02), CONV, 5);
    assertThat(maxAbs(v)).isLessThanOrEqualTo(0.04 + 1e-7);
    // std of N(0,1) truncated to [-2, 2] is 0.8796
    assertThat(std(v)).isCloseTo(0.02 * 0.8796, within(0.02 * 0.8796 * 0.02));
    assertThatThrownBy(() -> Initializers.truncatedNormal(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("std must be positive");
  }

  @Test
  void constantsAreExact() {
    assertThat(draw(Initializers.zeros(), Shape.of(2, 3), 0)).containsOnly(0f).hasSize(6);
    assertThat(draw(Initializers.ones(), Shape.of(4), 0)).containsOnly(1f).hasSize(4);
  }

  @Test
  void sameSeedGivesSameValuesAndOtherSeedsDiffer() {
    Shape shape = Shape.of(50, 20);
    float[] a = draw(Initializers.heNormal(FanMode.FAN_IN), shape, 42);
    float[] b = draw(Initializers.heNormal(FanMode.FAN_IN), shape, 42);
    float[] c = draw(Initializers.heNormal(FanMode.FAN_IN), shape, 43);
    assertThat(a).containsExactly(b);
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == c[i] ? 1 : 0;
    }
    assertThat(same).isLessThan(5);
  }

  @Test
  void derivedSeedsDifferByNameAndIndexAndAreStable() {
    assertThat(Seeds.derive(7, "conv1")).isEqualTo(Seeds.derive(7, "conv1"))
        .isNotEqualTo(Seeds.derive(7, "conv2")).isNotEqualTo(Seeds.derive(8, "conv1"));
    assertThat(Seeds.derive(7, 0)).isNotEqualTo(Seeds.derive(7, 1));
  }
}
