package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.AssertThat;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TNumber;

/**
 * f(x) = k*ln(e^{qx} - a)/q, f'(x) = k*e^{qx}/(e^{qx} - a) (spec section 2, authors' engine.py).
 *
 * <p>Computed as k*(x + ln(1 - a*e^{-qx})/q), which equals the formula, does not overflow for large
 * x and has derivative k/(1 - a e^{-qx}). Domain guard: f needs e^{qx} > a. With a in [0, 1) this
 * holds for every x >= 0 (all losses); for a negative x outside the domain the graph contains an
 * assertion that fails the run with "logexp needs exp(q*x) > a" instead of emitting a NaN. The host
 * {@link #value}/{@link #derivative} throw IllegalArgumentException there.
 *
 * @param a in [0, 1)
 * @param k > 0
 * @param q > 0
 */
public record LogExp(double a, double k, double q) implements SharedSubexpressions {

  public LogExp {
    if (!(a >= 0 && a < 1)) {
      throw new IllegalArgumentException("logexp a must be in [0, 1), got " + a);
    }
    Require.that(k > 0 && Double.isFinite(k), "logexp k", "be > 0 and finite", k);
    Require.that(q > 0 && Double.isFinite(q), "logexp q", "be > 0 and finite", q);
    UsableRange.logexp(a, k, q);
  }

  @Override
  public String name() {
    return "logexp";
  }

  @Override
  public Map<String, Double> coefficients() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("a", a);
    m.put("k", k);
    m.put("q", q);
    return m;
  }

  /** f' = k / (1 - a e^{-qx}). */
  @Override
  public <T extends TNumber> WithDerivative<T> graph(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients, boolean derivative) {
    Ops s = tf.withSubScope("logexp");
    Operand<T> ca = coefficients.get("a");
    Operand<T> ck = coefficients.get("k");
    Operand<T> cq = coefficients.get("q");
    Operand<T> one = s.dtypes.cast(s.constant(1.0), x.type());
    Operand<T> t = s.math.mul(ca, s.math.exp(s.math.neg(s.math.mul(cq, x))));
    Operand<TBool> inDomain = s.math.less(t, one);
    Operand<TBool> all = s.reduceAll(inDomain, s.range(s.constant(0), s.rank(inDomain), s.constant(1)));
    AssertThat check =
        s.assertThat(all, java.util.List.<Operand<?>>of(
            s.constant("logexp needs exp(q*x) > a (x below ln(a)/q)"), x));
    Operand<T> guarded = s.withControlDependencies(java.util.List.of(check)).identity(t);
    Operand<T> oneMinusT = s.math.sub(one, guarded);
    Operand<T> log = s.math.div(s.math.log(oneMinusT), cq);
    Operand<T> value = s.math.mul(ck, s.math.add(x, log));
    return new WithDerivative<>(value, derivative ? s.math.div(ck, oneMinusT) : null);
  }

  private double checkDomain(double x) {
    double t = a * Math.exp(-q * x);
    if (!(t < 1)) {
      throw new IllegalArgumentException(
          "logexp x must satisfy exp(q*x) > a (x > " + Math.log(a) / q + "), got " + x);
    }
    return t;
  }

  @Override
  public double value(double x) {
    double t = checkDomain(x);
    return k * (x + Math.log1p(-t) / q);
  }

  @Override
  public double derivative(double x) {
    return k / (1 - checkDomain(x));
  }
}
