package io.github.llr4j.examples.cli;

import io.github.llr4j.core.reshape.LossReshaper;
import java.util.List;
import java.util.OptionalDouble;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;

/**
 * Evaluates a reshaped objective through a TensorFlow graph in float64: a scalar placeholder L,
 * {@code L_fin = L0 * f(L / L0)} (spec section 1) or {@code f(L)} without L0, and
 * {@code dL_fin/dL} from the graph's symbolic gradient ({@code tf.gradients}), i.e. {@code f'(L/L0)}
 * or {@code f'(L)}. The graph is built once; each {@link #at(double)} is one session run.
 *
 * <p>Why float64 and not the float32 of training: the command reports values to compare with the
 * spec's float64 test vectors; the same reshaper code builds both graphs.
 */
public final class ReshapeEvaluator implements AutoCloseable {

  /** One evaluated point: the plain loss L, L_fin and dL_fin/dL. */
  public record Point(double loss, double reshaped, double grad) {}

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat64> loss;
  private final Operand<TFloat64> reshaped;
  private final Operand<TFloat64> grad;
  private final String fnName;

  /**
   * @param reshaper the function f
   * @param initialLoss L0 when present (positive, finite), otherwise no normalisation
   */
  public ReshapeEvaluator(LossReshaper reshaper, OptionalDouble initialLoss) {
    initialLoss.ifPresent(ReshapeEvaluator::checkInitialLoss);
    this.fnName = reshaper.name();
    try {
      Ops tf = Ops.create(graph).withSubScope("reshape");
      loss = tf.withName("loss").placeholder(TFloat64.class, Placeholder.shape(Shape.scalar()));
      if (initialLoss.isPresent()) {
        Operand<TFloat64> l0 = tf.withName("initial_loss").constant(initialLoss.getAsDouble());
        Operand<TFloat64> x = tf.withName("normalised").math.div(loss, l0);
        reshaped = tf.withName("reshaped").math.mul(l0, reshaper.apply(tf, x));
      } else {
        reshaped = tf.withName("reshaped").identity(reshaper.apply(tf, loss));
      }
      grad = tf.gradients(reshaped, List.of(loss)).dy(0);
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Rejects an L0 that is not positive and finite (spec section 3). */
  static double checkInitialLoss(double l0) {
    if (!(l0 > 0) || !Double.isFinite(l0)) {
      throw new IllegalArgumentException(
          "initial loss L0 must be positive and finite, got " + l0);
    }
    return l0;
  }

  /** L_fin and its gradient at plain loss {@code l}; a non-finite result is an error. */
  public Point at(double l) {
    if (!Double.isFinite(l)) {
      throw new IllegalArgumentException("loss must be finite, got " + l);
    }
    try (TFloat64 in = TFloat64.scalarOf(l);
        Result r = session.runner().feed(loss, in).fetch(reshaped).fetch(grad).run()) {
      double v = ((TFloat64) r.get(0)).getDouble();
      double g = ((TFloat64) r.get(1)).getDouble();
      if (!Double.isFinite(v) || !Double.isFinite(g)) {
        throw new IllegalArgumentException(
            "loss " + l + " is outside the domain of " + fnName + " (reshaped " + v + ", gradient "
                + g + ")");
      }
      return new Point(l, v, g);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
