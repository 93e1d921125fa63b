package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * A user-supplied reshaping f: any differentiable graph function of x (the "vertical deformation
 * mapping" of arXiv 2007.12515 / 2009.08274, spec section 2).
 *
 * <p>The user writes f once, in float64; on a float32 loss x is cast to float64, f applied and the
 * result cast back, so one lambda serves both types and TF differentiates through the casts.
 * {@link #value}/{@link #derivative} use the user's analytic formulas when given; otherwise they
 * evaluate f's own graph (and its TF gradient) in a small float64 session per call, which is meant
 * for tests and reports, not for per-step use.
 *
 * @param name a label for reports, non-blank
 * @param coefficients named coefficient values (fed like the built-ins' coefficients), may be empty
 * @param graph f as graph ops
 * @param analyticValue f on the host, or null to evaluate the graph
 * @param analyticDerivative f' on the host, or null to evaluate the graph's gradient
 */
public record UserFunction(
    String name,
    Map<String, Double> coefficients,
    GraphFunction graph,
    DoubleUnaryOperator analyticValue,
    DoubleUnaryOperator analyticDerivative)
    implements LossReshaper {

  /** f(x) in float64 graph ops; {@code coefficients} holds one scalar per coefficient name. */
  @FunctionalInterface
  public interface GraphFunction {
    Operand<TFloat64> apply(Ops tf, Operand<TFloat64> x, Map<String, Operand<TFloat64>> coefficients);
  }

  /** f(x) without coefficients. */
  @FunctionalInterface
  public interface SimpleGraphFunction {
    Operand<TFloat64> apply(Ops tf, Operand<TFloat64> x);
  }

  public UserFunction {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("user function name must be non-blank, got '" + name + "'");
    }
    if (graph == null) {
      throw new IllegalArgumentException("user function '" + name + "' graph must not be null");
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    if (coefficients != null) {
      coefficients.forEach((k, v) -> copy.put(k, Require.finite(name + " " + k, v)));
    }
    coefficients = Collections.unmodifiableMap(copy);
  }

  /** f from graph ops only; value and derivative come from evaluating the graph. */
  public static UserFunction of(String name, SimpleGraphFunction f) {
    return new UserFunction(name, Map.of(), (tf, x, c) -> f.apply(tf, x), null, null);
  }

  /** f with host formulas for value and derivative. */
  public static UserFunction of(
      String name, SimpleGraphFunction f, DoubleUnaryOperator value, DoubleUnaryOperator derivative) {
    return new UserFunction(name, Map.of(), (tf, x, c) -> f.apply(tf, x), value, derivative);
  }

  @Override
  public <T extends TNumber> Operand<T> apply(
      Ops tf, Operand<T> x, Map<String, Operand<T>> coefficients) {
    Ops s = tf.withSubScope("user");
    Map<String, Operand<TFloat64>> c64 = new LinkedHashMap<>();
    coefficients.forEach((k, v) -> c64.put(k, to64(s, v)));
    Operand<TFloat64> y = graph.apply(s, to64(s, x), c64);
    if (x.type() == TFloat64.class) {
      @SuppressWarnings("unchecked")
      Operand<T> same = (Operand<T>) y;
      return same;
    }
    return s.dtypes.cast(y, x.type());
  }

  @SuppressWarnings("unchecked")
  private static Operand<TFloat64> to64(Ops tf, Operand<? extends TNumber> v) {
    return v.type() == TFloat64.class ? (Operand<TFloat64>) v : tf.dtypes.cast(v, TFloat64.class);
  }

  @Override
  public double value(double x) {
    return analyticValue != null ? analyticValue.applyAsDouble(x) : evaluate(x)[0];
  }

  @Override
  public double derivative(double x) {
    return analyticDerivative != null ? analyticDerivative.applyAsDouble(x) : evaluate(x)[1];
  }

  private double[] evaluate(double x) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat64> in = tf.constant(x);
      Operand<TFloat64> y = apply(tf, in);
      Operand<TFloat64> dy = LossReshaper.symbolicDerivative(tf, y, in);
      try (Result r = s.runner().fetch(y).fetch(dy).run()) {
        return new double[] {((TFloat64) r.get(0)).getDouble(), ((TFloat64) r.get(1)).getDouble()};
      }
    }
  }
}
