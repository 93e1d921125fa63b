package io.github.llr4j.core.optim;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * Graph-building steps every optimizer shares: argument checks, typed scalar constants, zero-filled
 * state variables and the scope that orders every state write after every gradient.
 *
 * <p>State variables are TF1 reference variables ({@code VariableV2}, made with
 * {@code tf.variable(init)}) because {@code Session.save}/{@code restore} in TF-Java 1.0.0 only
 * checkpoint {@code VariableV2} ops; resource variables would be silently left out.
 */
final class UpdateGraph {

  private UpdateGraph() {}

  /**
   * Checks the arguments of {@link Optimizer#applyGradients} and returns the element type shared by
   * every parameter.
   */
  static <T extends TNumber> Class<T> checkedType(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, Object feeds) {
    if (tf == null) throw new IllegalArgumentException("tf must not be null");
    if (feeds == null) throw new IllegalArgumentException("feeds must not be null");
    if (params == null || params.isEmpty()) {
      throw new IllegalArgumentException("params must not be empty, got " + params);
    }
    if (gradients == null || gradients.size() != params.size()) {
      throw new IllegalArgumentException(
          "gradients must have one entry per parameter (" + params.size() + "), got "
              + (gradients == null ? null : gradients.size()));
    }
    Map<Variable<T>, Boolean> seen = new IdentityHashMap<>();
    Class<T> type = null;
    for (int i = 0; i < params.size(); i++) {
      Variable<T> p = params.get(i);
      if (p == null) throw new IllegalArgumentException("params[" + i + "] must not be null");
      String name = p.op().name();
      if (seen.put(p, Boolean.TRUE) != null) {
        throw new IllegalArgumentException(
            "params must be distinct, got '" + name + "' twice; update each variable once");
      }
      Class<T> t = p.type();
      if (t != TFloat32.class && t != TFloat64.class) {
        throw new IllegalArgumentException(
            "params must be float32 or float64, got " + t.getSimpleName() + " for '" + name + "'");
      }
      if (type == null) type = t;
      if (t != type) {
        throw new IllegalArgumentException(
            "params must share one type, got " + type.getSimpleName() + " and "
                + t.getSimpleName() + " ('" + name + "')");
      }
      Shape shape = p.shape();
      if (shape.isUnknown() || shape.hasUnknownDimension()) {
        throw new IllegalArgumentException(
            "parameter '" + name + "' must have a fully defined shape, got " + shape);
      }
      Operand<T> g = gradients.get(i);
      if (g == null) {
        throw new IllegalArgumentException(
            "gradients[" + i + "] must not be null (does '" + name + "' feed the loss?)");
      }
      if (!shape.isCompatibleWith(g.shape())) {
        throw new IllegalArgumentException(
            "gradients[" + i + "] must have the shape of '" + name + "' " + shape + ", got "
                + g.shape());
      }
    }
    return type;
  }

  /** {@code tf} with control dependencies on every gradient: state writes wait for all of them. */
  static <T extends TNumber> Ops afterGradients(Ops tf, List<Operand<T>> gradients) {
    return tf.withControlDependencies(new ArrayList<Op>(gradients));
  }

  /** A scalar constant of {@code type} (float32 or float64). */
  static <T extends TNumber> Operand<T> scalar(Ops tf, double value, Class<T> type) {
    Operand<?> c = type == TFloat32.class ? tf.constant((float) value) : tf.constant(value);
    @SuppressWarnings("unchecked")
    Operand<T> typed = (Operand<T>) c;
    return typed;
  }

  /** {@code value} (float64) as {@code type}; no op when it already is float64. */
  static <T extends TNumber> Operand<T> cast(Ops tf, Operand<TFloat64> value, Class<T> type) {
    if (type == TFloat64.class) {
      @SuppressWarnings("unchecked")
      Operand<T> same = (Operand<T>) value;
      return same;
    }
    return tf.dtypes.cast(value, type);
  }

  /**
   * A zero-initialised state variable shaped like {@code param}, in {@code slotScope} (e.g.
   * {@code sgd/momentum}) and named after the parameter with '/' replaced by '.', so checkpoints
   * read {@code sgd/momentum/dense.kernel}.
   */
  static <T extends TNumber> Variable<T> zerosLike(Ops slotScope, Variable<T> param) {
    Ops init = slotScope.withInitScope();
    Operand<T> zeros = init.zeros(init.constant(param.shape().asArray()), param.type());
    return slotScope.withName(slotName(param)).variable(zeros);
  }

  static String slotName(Variable<?> param) {
    return param.op().name().replace('/', '.');
  }
}
