package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TNumber;

/**
 * The LLR function (spec section 2; Chen, Jin, Shang, TNNLS 2025; authors' engine.py):
 * f(x) = -(a*b/c) * sech(u) + p*x with u = c*x/b and c = ln(1 + sqrt 2), minus f(0) = -(a*b/c)
 * when shifted; f'(x) = a*tanh(u)*sech(u) + p, which peaks at a/2 + p for x = b.
 *
 * <p>Numerics: sech is computed as 2e^{-|u|} / (1 + e^{-2|u|}), so value and TF gradient are finite
 * for every finite x in float32 and float64 (cosh would overflow in float32 for |u| > ~89).
 *
 * <p>Deviation from the reference code: the authors' 1e-6 guards (added to b and to the
 * denominator of the sech term) are <b>dropped</b>. They are not needed with the stable form and
 * b > 0 is validated; they move values by at most ~5e-5 relative, inside the spec's 1e-4 tolerance
 * of section 6 (the tests check this).
 *
 * <p>Practice: with the defaults a = 2.5, b = 0.15 and x near 1 (L near L0) the gradient is scaled by
 * about 0.014, so the first steps barely move; use plus-base (p > 0) for short training budgets.
 *
 * @param a amplitude (f' peaks at a/2), finite
 * @param b width, > 0
 * @param plusBase p, the slope of a linear floor added to f, finite
 * @param shift subtract f(0) so that f(0) = 0 (structural, not a fed coefficient)
 */
public record Sech(double a, double b, double plusBase, boolean shift) implements SharedSubexpressions {

  /** c = ln(1 + sqrt 2): cosh c = sqrt 2, sinh c = 1. */
  public static final double C = Math.log(1 + Math.sqrt(2));

  public Sech {
    Require.finite("sech a", a);
    Require.that(b > 0 && Double.isFinite(b), "sech b", "be > 0 and finite", b);
    Require.finite("sech plus-base", plusBase);
    UsableRange.sech(a, b, plusBase);
  }

  @Override
  public String name() {
    return "sech";
  }

  @Override
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    m.put("plus-base", plusBase);
    return m;
  }

  /** f' = a tanh(u) sech(u) + p with tanh(u) = sign(u) (1 - e^2) / (1 + e^2), e = e^{-|u|}. */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("sech");
    Operand<T> ca = coefficients.get("a");
    Operand<T> cb = coefficients.get("b");
    Operand<T> cp = coefficients.get("plus-base");
    Operand<T> c = s.dtypes.cast(s.constant(C), x.type());
    Operand<T> u = s.math.div(s.math.mul(c, x), cb);
    Operand<T> e = s.math.exp(s.math.neg(s.math.abs(u)));
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    Operand<T> two = s.dtypes.cast(s.constant(2.0), x.type());
    Operand<T> e2 = s.math.mul(e, e);
    Operand<T> den = s.math.add(one, e2);
    Operand<T> sech = s.math.div(s.math.mul(two, e), den);
    Operand<T> scale = s.math.div(s.math.mul(ca, cb), c);
    // shifted: -(ab/c) sech + ab/c = (ab/c)(1 - sech)
    Operand<T> core =
        shift ? s.math.mul(scale, s.math.sub(one, sech)) : s.math.neg(s.math.mul(scale, sech));
    Operand<T> value = s.math.add(core, s.math.mul(cp, x));
    if (!derivative) return new WithDerivative<>(value, null);
    Operand<T> tanh = s.math.div(s.math.mul(s.math.sign(u), s.math.sub(one, e2)), den);
    return new WithDerivative<>(value, s.math.add(s.math.mul(ca, s.math.mul(tanh, sech)), cp));
  }

  private double sech(double u) {
    double e = Math.exp(-Math.abs(u));
    return 2 * e / (1 + e * e);
  }

  @Override
  public double value(double x) {
    double scale = a * b / C;
    double s = sech(C * x / b);
    return (shift ? scale * (1 - s) : -scale * s) + plusBase * x;
  }

  @Override
  public double derivative(double x) {
    double u = C * x / b;
    return a * Math.tanh(u) * sech(u) + plusBase;
  }
}
