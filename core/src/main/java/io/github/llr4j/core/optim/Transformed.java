package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * An optimizer that first transforms the gradients, then lets {@code base} update with them:
 * {@code w = base.step(w, transform(g))}. With {@link GradientActivation} this is GAF on any
 * optimizer; base's own rule (weight decay, momentum, moments) acts on the transformed gradient,
 * so coupled weight decay is added after the activation, as in {@link GafSgd} and {@link GafAdam}.
 *
 * <p>State is base's, under base's names ({@code sgd/momentum/...}, {@code adam/m/...}); the
 * transformation has none. SAM goes outside: {@code Sam.sam(transform.then(base), rho)}, since SAM
 * needs the raw first-pass gradient for its ascent.
 *
 * @param transform applied to every gradient before the update
 * @param base the update rule
 */
public record Transformed(GradientTransform transform, Optimizer base) implements Optimizer {

  public Transformed {
    Require.notNull("transform", transform);
    Require.notNull("base", base, " (the optimizer that applies the transformed gradients)");
    Require.that(!(base instanceof Sam), "base", "not be SAM", base,
        "wrap the transformed optimizer in SAM instead");
  }

  @Override
  public String name() {
    return transform.name() + "-" + base.name();
  }

  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    List<Operand<T>> transformed =
        transform.apply(tf.withSubScope(transform.name()), params, gradients, type);
    return base.applyGradients(tf, params, transformed, feeds);
  }

  @Override
  public String toString() {
    return transform + " then " + base;
  }
}
