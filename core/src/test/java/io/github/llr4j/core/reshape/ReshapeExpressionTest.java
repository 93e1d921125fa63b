package io.github.llr4j.core.reshape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.testing.GraphEval;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReshapeExpressionTest {

  private static LossReshaper expr(String formula, Map<String, String> params) {
    return Reshapers.create("expr:" + formula, params);
  }

  @Test
  void linquadWrittenAsAFormulaIsTheBuiltInOne() {
    LossReshaper f = expr("x + a*x^2", Map.of("a", "0.5"));
    LinQuad ref = new LinQuad(0.5);
    assertThat(f.name()).isEqualTo("expr:x + a*x^2");
    assertThat(f.coefficients()).containsExactly(Map.entry("a", 0.5));
    for (double x : new double[] {0.01, 0.05, 0.15, 0.5, 1.0}) {
      assertThat(f.value(x)).isCloseTo(ref.value(x), within(1e-15));
      assertThat(f.derivative(x)).isCloseTo(ref.derivative(x), within(1e-15));
    }
    try (GraphEval g = new GraphEval(f)) {
      // value, TF gradient, then applyWithDerivative's value and derivative: f(2) = 4, f'(2) = 3
      assertThat(g.at64(2)).containsExactly(4.0, 3.0, 4.0, 3.0);
      assertThat(g.at32(0.5f)).containsExactly(0.625f, 1.5f, 0.625f, 1.5f);
    }
  }

  @Test
  void sechWrittenAsAFormulaMatchesTheSpecVectors() {
    // spec section 2 with c = ln(1 + sqrt 2); the spec's vectors carry the authors' 1e-6 guards
    LossReshaper f = expr("-a*b/0.881373587019543*sech(0.881373587019543*x/b)", Map.of("a", "2.5", "b", "0.15"));
    double[][] vectors = {{0.01, -0.424738, 0.146472}, {0.15, -0.300855, 1.249990}, {1.0, -0.002388, 0.014033}};
    for (double[] v : vectors) {
      assertThat(f.value(v[0])).isCloseTo(v[1], within(1e-4 * Math.abs(v[1]) + 1e-6));
      assertThat(f.derivative(v[0])).isCloseTo(v[2], within(1e-4 * Math.abs(v[2]) + 1e-6));
    }
    try (GraphEval g = new GraphEval(f)) {
      double[] r = g.at64(0.15);
      assertThat(r[0]).isCloseTo(f.value(0.15), within(1e-12));
      assertThat(r[1]).isCloseTo(f.derivative(0.15), within(1e-12));
    }
  }

  @Test
  void precedenceAndFunctions() {
    assertThat(expr("-x^2", Map.of()).value(2)).isEqualTo(-4);
    assertThat(expr("2^3^2 + 0*x + x", Map.of()).value(0)).isEqualTo(512);
    assertThat(expr("(x - 1)^2", Map.of()).derivative(3)).isEqualTo(4);
    LossReshaper all = expr("exp(x) + log(x) + sqrt(x) + abs(x) + tanh(x) + sinh(x) + cosh(x) + atan(x) + 2e-1*pi*e", Map.of());
    double x = 0.7;
    double v = Math.exp(x) + Math.log(x) + Math.sqrt(x) + x + Math.tanh(x) + Math.sinh(x) + Math.cosh(x) + Math.atan(x)
        + 0.2 * Math.PI * Math.E;
    double d = Math.exp(x) + 1 / x + 0.5 / Math.sqrt(x) + 1 + 1 - Math.tanh(x) * Math.tanh(x) + Math.cosh(x)
        + Math.sinh(x) + 1 / (1 + x * x);
    assertThat(all.value(x)).isCloseTo(v, within(1e-12));
    assertThat(all.derivative(x)).isCloseTo(d, within(1e-12));
    try (GraphEval g = new GraphEval(all)) {
      double[] r = g.at64(x);
      assertThat(r[0]).isCloseTo(v, within(1e-12));
      assertThat(r[1]).isCloseTo(d, within(1e-12));
    }
  }

  @Test
  void badFormulasAndCoefficientsAreNamed() {
    assertThatThrownBy(() -> expr("x + a*x^2", Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expression 'x + a*x^2' uses coefficient 'a'; give it with --param a=VALUE");
    assertThatThrownBy(() -> expr("x", Map.of("a", "1")))
        .hasMessage("expression 'x' has no coefficient 'a' (it uses [])");
    assertThatThrownBy(() -> expr("x*a", Map.of("a", "one")))
        .hasMessage("expression coefficient a must be a number, got 'one'");
    assertThatThrownBy(() -> expr("x + cos(x)", Map.of()))
        .hasMessage("reshaping expression 'x + cos(x)': unknown function 'cos' at position 5; functions are"
            + " [exp, log, sqrt, abs, tanh, sinh, cosh, sech, atan]");
    assertThatThrownBy(() -> expr("x +* 2", Map.of()))
        .hasMessage("reshaping expression 'x +* 2': expected a number, x, a coefficient, a function or '(' at position 4,"
            + " found '*'");
    assertThatThrownBy(() -> expr("(x + 1", Map.of())).hasMessage("reshaping expression '(x + 1': expected ')' at"
        + " position 7, found the end");
    assertThatThrownBy(() -> expr("0*x", Map.of())).hasMessageContaining("has f' = 0 at every normalised loss");
    assertThatThrownBy(() -> expr("log(x - 1)", Map.of())).hasMessageContaining("must give finite f and f'");
    assertThatThrownBy(() -> expr(" ", Map.of())).hasMessageContaining("must be a formula in x");
  }
}
