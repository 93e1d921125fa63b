package io.github.llr4j.adversarial.attack;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * What attacks evaluate: for a batch x (float32 {@code [n, ...example]}) and labels y, the
 * per-example cross-entropy {@code loss_i}, the input gradient {@code d(sum_i loss_i)/dx} (so row
 * i is the gradient of loss_i alone) and {@code correct_i}. Built under the sub-scope
 * {@code attack}; it creates no variables and never updates model state.
 */
public final class AttackGraph {

  /** One evaluation: per-example losses, correctness and the input gradient (row major). */
  public record Evaluation(float[] loss, boolean[] correct, float[] gradient) {}

  private final Placeholder<TFloat32> x;
  private final Placeholder<TInt32> y;
  private final Operand<TFloat32> loss;
  private final Operand<TInt32> correct;
  private final Operand<TFloat32> gradient;
  private final Shape exampleShape;
  private final int exampleSize;
  private final Ops tf;
  private final Model model;
  private final AttackMode mode;
  private final int classes;
  private final Map<String, FusedPgdGraph> fused = new HashMap<>();

  public AttackGraph(Ops tf, Model model, Shape exampleShape, AttackMode mode, int classes) {
    if (mode == null) throw new IllegalArgumentException("mode must not be null (AttackMode.INFERENCE is the standard)");
    if (exampleShape == null || exampleShape.hasUnknownDimension())
      throw new IllegalArgumentException("exampleShape must be fully known, got " + exampleShape);
    Ops s = tf.withSubScope("attack");
    this.exampleShape = exampleShape;
    this.exampleSize = (int) exampleShape.size();
    x = s.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1).append(exampleShape)));
    y = s.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    this.tf = s;
    this.model = model;
    this.mode = mode;
    this.classes = classes;
    Operand<TFloat32> logits = model.logits(context(s, mode), x);
    loss = s.withName("loss").identity(new CrossEntropyLoss(classes).perExample(s, logits, y));
    correct = s.dtypes.cast(s.math.equal(s.math.argMax(logits, s.constant(1), TInt32.class), y), TInt32.class);
    gradient = s.gradients(s.reduceSum(loss, s.constant(0)), List.of(x)).dy(0);
  }

  /** The model's context for crafting inputs in {@code mode}: never records state updates. */
  static ModelContext context(Ops s, AttackMode mode) {
    return mode == AttackMode.INFERENCE ? ModelContext.inference(s)
        : ModelContext.trainingWithoutUpdates(s, s.constant(new long[] {0x5EED, 0}));
  }

  /**
   * The fused PGD-Linf graph for these settings, built into this graph on first use (TF extends a
   * running session's graph) and kept: a whole restart in one {@code Session.run}.
   */
  FusedPgdGraph fusedLinf(int steps, boolean targeted, Box box) {
    String key = steps + "/" + targeted + "/" + box;
    return fused.computeIfAbsent(key, k -> new FusedPgdGraph(tf, model, mode, exampleShape, classes, steps, targeted, box));
  }

  public Shape exampleShape() {
    return exampleShape;
  }

  public int exampleSize() {
    return exampleSize;
  }

  /**
   * The run {@link #evaluate} makes, not yet started: {@code x} fed, then the per-example losses,
   * the correctness flags and (with {@code withGradient}) the input gradient fetched in that order.
   * For callers that run it their own way, e.g. with TensorFlow's step trace.
   */
  public Session.Runner runner(Session session, TFloat32 xs, TInt32 labels, boolean withGradient) {
    Session.Runner r = session.runner().feed(x, xs).feed(y, labels).fetch(loss).fetch(correct);
    return withGradient ? r.fetch(gradient) : r;
  }

  /** Evaluates {@code n} examples at inputs {@code xs} ({@code n * exampleSize} values). */
  public Evaluation evaluate(Session session, float[] xs, int[] labels, boolean withGradient) {
    int n = labels.length;
    if (xs.length != (long) n * exampleSize)
      throw new IllegalArgumentException("inputs must have labels.length * exampleSize = " + (long) n * exampleSize
          + " values, got " + xs.length);
    try (TFloat32 xt = TFloat32.tensorOf(Shape.of(n).append(exampleShape), DataBuffers.of(xs, true, false));
        TInt32 yt = TInt32.vectorOf(labels)) {
      try (Result out = runner(session, xt, yt, withGradient).run()) {
        float[] l = new float[n];
        ((TFloat32) out.get(0)).copyTo(DataBuffers.of(l, false, false));
        TInt32 c = (TInt32) out.get(1);
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) ok[i] = c.getInt(i) == 1;
        float[] g = null;
        if (withGradient) {
          g = new float[xs.length];
          ((TFloat32) out.get(2)).copyTo(DataBuffers.of(g, false, false));
        }
        return new Evaluation(l, ok, g);
      }
    }
  }

}
