package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** {@link GradientExchange}'s two all-reduces on a group of collectives: processes and devices alike. */
final class CollectiveExchange implements GradientExchange {
  private final Collectives collectives;

  CollectiveExchange(Collectives collectives) {
    this.collectives = collectives;
  }

  @Override
  public GlobalLoss globalLoss(Ops tf, Operand<TFloat32> localMeanLoss, Operand<TInt32> labels) {
    Ops s = tf.withSubScope("replica");
    Operand<TFloat32> rows = s.dtypes.cast(s.size(labels, TInt32.class), TFloat32.class);
    Operand<TFloat32> pair = s.stack(List.of(s.math.mul(localMeanLoss, rows), rows));
    Operand<TFloat32> summed = collectives.sum(s.withSubScope("loss"), s.ensureShape(pair, Shape.of(2)));
    Operand<TFloat32> total = s.squeeze(s.slice(summed, s.constant(new int[] {1}), s.constant(new int[] {1})));
    Operand<TFloat32> sumLoss = s.squeeze(s.slice(summed, s.constant(new int[] {0}), s.constant(new int[] {1})));
    return new GlobalLoss(s.withName("global_loss").math.div(sumLoss, total), s.math.div(rows, total));
  }

  /** One all-reduce of the concatenation of {@code gradients} (one collective per step, not one per variable). */
  @Override
  public List<Operand<TFloat32>> sumGradients(Ops tf, List<Operand<TFloat32>> gradients,
      List<? extends Operand<TFloat32>> params) {
    Ops s = tf.withSubScope("replica").withSubScope("gradients");
    List<Operand<TFloat32>> flat = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Shape shape = params.get(i).shape();
      Require.that(!shape.hasUnknownDimension(), "parameter shape", "be static to be all-reduced", shape);
      flat.add(s.reshape(gradients.get(i), s.constant(new long[] {shape.size()})));
    }
    Operand<TFloat32> all = collectives.sum(s, s.concat(flat, s.constant(0)));
    List<Operand<TFloat32>> out = new ArrayList<>();
    long offset = 0;
    for (Operand<TFloat32> p : params) {
      long n = p.shape().size();
      Operand<TFloat32> part = s.slice(all, s.constant(new long[] {offset}), s.constant(new long[] {n}));
      out.add(s.reshape(part, s.constant(p.shape().asArray())));
      offset += n;
    }
    return out;
  }
}
