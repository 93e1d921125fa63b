package io.github.llr4j.core.testing.user;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.reshape.LossReshaper;
import io.github.llr4j.core.testing.ReshaperContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * A user-defined reshaper runs {@link ReshaperContract}: {@code f(x) = x / (1 + c x)}, with
 * {@code f'(x) = 1 / (1 + c x)^2}, written against the public {@link LossReshaper} interface. The
 * contract also rejects a copy whose host derivative is wrong.
 */
class SaturatingReshaperContractTest extends ReshaperContract {

  /** The user's reshaper; {@code wrongDerivative} drops the square of f'. */
  record Saturating(double c, boolean wrongDerivative) implements LossReshaper {
    @Override
    public String name() {
      return "saturating";
    }

    @Override
    public Map<String, Double> coefficients() {
      return Map.of("c", c);
    }

    @Override
    public <T extends TNumber> Operand<T> apply(
        Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients) {
      Operand<T> one = tf.dtypes.cast(tf.constant(1.0), x.type());
      return tf.math.div(x, tf.math.add(one, tf.math.mul(coefficients.get("c"), x)));
    }

    @Override
    public double value(double x) {
      return x / (1 + c * x);
    }

    @Override
    public double derivative(double x) {
      double d = 1 + c * x;
      return wrongDerivative ? 1 / d : 1 / (d * d);
    }
  }

  private static Case saturating(boolean wrongDerivative) {
    return Case.of(new Saturating(0.5, wrongDerivative),
        new double[] {0.00995024876, 0.0487804878, 0.139534884, 0.4, 0.666666667},
        new double[] {0.990074998, 0.951814396, 0.865332612, 0.64, 0.444444444},
        new double[] {0, 1e-12, 1e6});
  }

  @Override
  protected List<Case> cases() {
    return List.of(saturating(false));
  }

  @Test
  void theContractFailsAReshaperWithAWrongDerivative() {
    ReshaperContract broken = new ReshaperContract() {
      @Override
      protected List<Case> cases() {
        return List.of(saturating(true));
      }
    };
    DynamicTest vectors = broken.matchesVectorsInHostAndGraph().findFirst().orElseThrow();
    assertThatThrownBy(() -> vectors.getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("derivative(0.01)");
    DynamicTest grid = broken.tfGradientEqualsAnalyticEqualsCentralDifference().findFirst()
        .orElseThrow();
    assertThatThrownBy(() -> grid.getExecutable().execute())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("tf grad vs analytic");
  }
}
