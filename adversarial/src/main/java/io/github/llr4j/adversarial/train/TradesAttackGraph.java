package io.github.llr4j.adversarial.train;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The inner problem of TRADES in the graph: for inputs x' and fixed clean probabilities p, the
 * summed divergence KL(p || softmax(f(x'))) over the batch and its gradient with respect to x',
 * with the model in inference mode (batch norm on moving statistics, no dropout), as the
 * reference implementation switches the model to eval while it crafts x'.
 */
final class TradesAttackGraph {

  private final Placeholder<TFloat32> x;
  private final Placeholder<TFloat32> p;
  private final Operand<TFloat32> probabilities;
  private final Operand<TFloat32> divergence;
  private final Operand<TFloat32> gradient;
  private final Shape exampleShape;
  private final int classes;

  TradesAttackGraph(Ops tf, Model model, Shape exampleShape, int classes) {
    Ops s = tf.withSubScope("trades_attack");
    this.exampleShape = exampleShape;
    this.classes = classes;
    x = s.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1).append(exampleShape)));
    p = s.withName("p").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, classes)));
    Operand<TFloat32> logits = model.logits(ModelContext.inference(s), x);
    probabilities = s.nn.softmax(logits);
    // sum_i sum_k p log p - p log q; p log p is 0 where p is 0 (guarded log)
    Operand<TFloat32> logP = s.math.log(s.math.maximum(p, s.constant(1e-30f)));
    Operand<TFloat32> logQ = s.nn.logSoftmax(logits);
    divergence = s.withName("kl").reduceSum(s.math.mul(p, s.math.sub(logP, logQ)), s.constant(new int[] {0, 1}));
    gradient = s.gradients(divergence, List.of(x)).dy(0);
  }

  /** Clean probabilities softmax(f(x)) for {@code n} examples, row major. */
  float[] probabilities(Session session, float[] xs, int n) {
    try (TFloat32 xt = tensor(xs, n); Result out = session.runner().feed(x, xt).fetch(probabilities).run()) {
      float[] v = new float[n * classes];
      ((TFloat32) out.get(0)).copyTo(DataBuffers.of(v, false, false));
      return v;
    }
  }

  /** The summed divergence at {@code xs} and (into {@code gradientOut}) its input gradient. */
  float divergence(Session session, float[] xs, float[] cleanProbabilities, int n, float[] gradientOut) {
    try (TFloat32 xt = tensor(xs, n);
        TFloat32 pt = TFloat32.tensorOf(Shape.of(n, classes), DataBuffers.of(cleanProbabilities, true, false));
        Result out = session.runner().feed(x, xt).feed(p, pt).fetch(divergence).fetch(gradient).run()) {
      ((TFloat32) out.get(1)).copyTo(DataBuffers.of(gradientOut, false, false));
      return ((TFloat32) out.get(0)).getFloat();
    }
  }

  private TFloat32 tensor(float[] xs, int n) {
    return TFloat32.tensorOf(Shape.of(n).append(exampleShape), DataBuffers.of(xs, true, false));
  }
}
