package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
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
 * Graph-building steps every optimizer shares: argument checks (the learning rate's too), typed
 * scalar constants, zero-filled state variables and the scope that orders every state write after
 * every gradient.
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
    Require.notNull("tf", tf);
    Require.notNull("feeds", feeds);
    Require.that(params != null && !params.isEmpty(), "params", "not be empty", params);
    Require.that(gradients != null && gradients.size() == params.size(), "gradients",
        "have one entry per parameter (" + params.size() + ")",
        gradients == null ? null : gradients.size());
    Map<Variable<T>, Boolean> seen = new IdentityHashMap<>();
    Class<T> type = null;
    for (int i = 0; i < params.size(); i++) {
      Variable<T> p = Require.notNull("params[" + i + "]", params.get(i));
      String name = p.op().name();
      boolean first = seen.put(p, Boolean.TRUE) == null;
      Require.that(first, "params", "be distinct", "'" + name + "' twice", "update each variable once");
      Class<T> t = p.type();
      Require.that(t == TFloat32.class || t == TFloat64.class, "params", "be float32 or float64",
          t.getSimpleName() + " for '" + name + "'");
      if (type == null) type = t;
      Require.that(t == type, "params", "share one type",
          type.getSimpleName() + " and " + t.getSimpleName() + " ('" + name + "')");
      Shape shape = p.shape();
      Require.that(!shape.isUnknown() && !shape.hasUnknownDimension(), "parameter '" + name + "'",
          "have a fully defined shape", shape);
      Operand<T> g = Require.notNull(
          "gradients[" + i + "]", gradients.get(i), " (does '" + name + "' feed the loss?)");
      Require.that(shape.isCompatibleWith(g.shape()), "gradients[" + i + "]",
          "have the shape of '" + name + "' " + shape, g.shape());
    }
    return type;
  }

  /**
   * Refuses a missing learning rate and a negative constant one (a schedule is checked where it
   * is made, see {@link io.github.llr4j.core.hparam.Schedule}).
   */
  static void learningRate(Hyperparameter lr) {
    Require.notNull("learningRate", lr, "; use Hyperparameter.constant(...) or a Schedule");
    if (lr instanceof Hyperparameter.Constant c) {
      Require.that(c.value() >= 0, "learningRate", "be >= 0", c.value());
    }
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
