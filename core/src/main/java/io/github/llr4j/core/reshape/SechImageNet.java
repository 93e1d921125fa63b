package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.family.TNumber;

/**
 * The ImageNet variant of the LLR function (authors' ImageNet/train.py, settings {@code DLS_AddBase}
 * with {@code --LossCirc k --loss_shift s}): the normalised loss is first wrapped and shifted,
 * y = k fmod(x, 1/k) - s, then
 *
 * <pre>
 * f(x) = -(a b / c) sech(c y / b) + y   for y &gt;= 0
 * f(x) = y                              for y &lt; 0 (the sech term is zero below the shift)
 * f'(x) = k (a tanh(u) sech(u) + 1) with u = c y / b for y &gt;= 0, else k
 * </pre>
 *
 * with c = ln(1 + sqrt 2) as in {@link Sech}. f jumps by -(a b / c) at x = s (mod 1/k) and by -1 at
 * every multiple of 1/k (the wrap); f' is continuous at the shift (tanh 0 = 0).
 *
 * <p>Deviations from the reference: its 1e-8 guards are dropped (as in {@link Sech}); the base y is
 * always added. Without {@code AddBase} the reference computes the sech term and then discards it
 * (f = y, whose gradient for k = 1 is that of plain training), so that setting is plain training
 * here. fmod's gradient is taken as 1 (its wrap count is piecewise constant), as PyTorch does.
 *
 * @param a amplitude (the reference's runs use 4 to 6), finite
 * @param b width, > 0
 * @param shift s, the loss shift (the reference's runs use 0.24 to 0.5), finite
 * @param circ k, the wraps per unit of normalised loss (the reference's {@code LossCirc}), an
 *     integer >= 1
 */
public record SechImageNet(double a, double b, double shift, double circ) implements SharedSubexpressions {

  public SechImageNet {
    Require.finite("sech-imagenet a", a);
    Require.that(b > 0 && Double.isFinite(b), "sech-imagenet b", "be > 0 and finite", b);
    Require.finite("sech-imagenet shift", shift);
    Require.that(circ >= 1 && circ <= 1e6 && circ == Math.rint(circ), "sech-imagenet circ",
        "be an integer in [1, 1e6]", circ);
    UsableRange.sechImageNet(a, b, shift);
  }

  @Override
  public String name() {
    return "sech-imagenet";
  }

  @Override
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("b", b);
    m.put("shift", shift);
    m.put("circ", circ);
    return m;
  }

  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("sech_imagenet");
    Operand<T> ca = coefficients.get("a");
    Operand<T> cb = coefficients.get("b");
    Operand<T> ck = coefficients.get("circ");
    Operand<T> kx = s.math.mul(ck, x);
    // k fmod(x, 1/k) = kx - trunc(kx); the wrap count carries no gradient
    Operand<T> wraps = s.stopGradient(s.math.mul(s.math.sign(kx), s.math.floor(s.math.abs(kx))));
    Operand<T> y = s.math.sub(s.math.sub(kx, wraps), coefficients.get("shift"));
    Operand<T> c = s.dtypes.cast(s.constant(Sech.C), x.type());
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    Operand<T> two = s.dtypes.cast(s.constant(2.0), x.type());
    Operand<TBool> on = s.math.greaterEqual(y, s.zerosLike(y));
    // u is clamped at 0 below the shift so the unused branch stays finite
    Operand<T> u = s.math.div(s.math.mul(c, s.math.maximum(y, s.zerosLike(y))), cb);
    Operand<T> e = s.math.exp(s.math.neg(u));
    Operand<T> e2 = s.math.mul(e, e);
    Operand<T> den = s.math.add(one, e2);
    Operand<T> sech = s.math.div(s.math.mul(two, e), den);
    Operand<T> term = s.math.neg(s.math.mul(s.math.div(s.math.mul(ca, cb), c), sech));
    Operand<T> value = s.math.add(s.select(on, term, s.zerosLike(y)), y);
    if (!derivative) return new WithDerivative<>(value, null);
    Operand<T> tanh = s.math.div(s.math.sub(one, e2), den);
    Operand<T> dTerm = s.select(on, s.math.mul(ca, s.math.mul(tanh, sech)), s.zerosLike(y));
    return new WithDerivative<>(value, s.math.mul(ck, s.math.add(dTerm, one)));
  }

  private double wrapped(double x) {
    double kx = circ * x;
    return kx - Math.signum(kx) * Math.floor(Math.abs(kx)) - shift;
  }

  private static double sech(double u) {
    double e = Math.exp(-Math.abs(u));
    return 2 * e / (1 + e * e);
  }

  @Override
  public double value(double x) {
    double y = wrapped(x);
    return y >= 0 ? -(a * b / Sech.C) * sech(Sech.C * y / b) + y : y;
  }

  @Override
  public double derivative(double x) {
    double y = wrapped(x);
    if (y < 0) return circ;
    double u = Sech.C * y / b;
    return circ * (a * Math.tanh(u) * sech(u) + 1);
  }
}
