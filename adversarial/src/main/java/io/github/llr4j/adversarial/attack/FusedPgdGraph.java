package io.github.llr4j.adversarial.attack;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One restart of PGD-Linf as a single graph: {@code steps} iterations unrolled, so a whole restart
 * is one {@code Session.run} instead of {@code steps + 1} (each with a feed, a fetch of the
 * gradient and a Java-side update of the iterate). The iterate update and the robustness
 * bookkeeping of {@link Tracker} run in the graph, in the same float32 arithmetic as {@link Pgd}'s
 * Java loop: x <- clip(clip(x + s * stepSize * sign(g), x0 - eps, x0 + eps), lo, hi).
 *
 * <p>Why unrolled and not TF's {@code While}: TF-Java 1.0.0's {@code tf.statelessWhile} takes its
 * condition and body as {@code ConcreteFunction}s, separate graphs that cannot read the model's
 * variables (our layers read them from the main graph), so the body could not apply the model.
 * Unrolling costs graph size (one forward and one backward copy per step, built once, on first
 * use) and nothing per run. The random start stays in Java, so both paths draw the same start.
 */
final class FusedPgdGraph {

  /**
   * One restart's results: the final iterate and its per-example loss; per example whether some
   * evaluated iterate (start, every step, final) fooled the model and the first input that did.
   */
  record Restart(float[] last, float[] lastLoss, boolean[] fooled, float[] firstFooling) {}

  private final Placeholder<TFloat32> x0;
  private final Placeholder<TFloat32> start;
  private final Placeholder<TInt32> y;
  private final Placeholder<TFloat32> eps;
  private final Placeholder<TFloat32> stepSize;
  private final Operand<TFloat32> last;
  private final Operand<TFloat32> lastLoss;
  private final Operand<TBool> fooled;
  private final Operand<TFloat32> firstFooling;
  private final Shape exampleShape;

  /**
   * Builds the graph under {@code <tf's scope>/pgd_linf_<steps>[_targeted]/step_<k>}; the model runs
   * in {@code mode} and never updates its state.
   */
  FusedPgdGraph(Ops tf, Model model, AttackMode mode, Shape exampleShape, int classes, int steps,
      boolean targeted, Box box) {
    this.exampleShape = exampleShape;
    Ops s = tf.withSubScope("pgd_linf_" + steps + (targeted ? "_targeted" : ""));
    Shape batch = Shape.of(-1).append(exampleShape);
    x0 = s.withName("x0").placeholder(TFloat32.class, Placeholder.shape(batch));
    start = s.withName("start").placeholder(TFloat32.class, Placeholder.shape(batch));
    y = s.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    eps = s.withName("eps").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    stepSize = s.withName("step_size").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> lower = s.math.sub(x0, eps);
    Operand<TFloat32> upper = s.math.add(x0, eps);
    Operand<TFloat32> signedStep = targeted ? s.math.neg(stepSize) : stepSize;
    Operand<TFloat32> lo = s.constant(box.lo());
    Operand<TFloat32> hi = s.constant(box.hi());
    // a [n] mask as [n, 1, ..., 1], so it selects whole examples
    long[] maskShape = new long[1 + exampleShape.numDimensions()];
    java.util.Arrays.fill(maskShape, 1);
    maskShape[0] = -1;
    Operand<TInt32> exampleMask = s.constant(toInts(maskShape));
    CrossEntropyLoss ce = new CrossEntropyLoss(classes);

    Operand<TFloat32> x = start;
    Operand<TBool> anyFooled = s.fill(s.shape(y), s.constant(false));
    Operand<TFloat32> first = x0;
    Operand<TFloat32> loss = null;
    for (int k = 0; k <= steps; k++) {
      Ops sk = s.withSubScope("step_" + k);
      Operand<TFloat32> logits = model.logits(AttackGraph.context(sk, mode), x);
      loss = ce.perExample(sk, logits, y);
      Operand<TBool> correct = sk.math.equal(sk.math.argMax(logits, sk.constant(1), TInt32.class), y);
      Operand<TBool> fooledNow = targeted ? correct : sk.math.logicalNot(correct);
      Operand<TBool> firstTime = sk.math.logicalAnd(fooledNow, sk.math.logicalNot(anyFooled));
      first = sk.select(sk.reshape(firstTime, exampleMask), x, first);
      anyFooled = sk.math.logicalOr(anyFooled, fooledNow);
      if (k == steps) break;
      Operand<TFloat32> g = sk.gradients(sk.reduceSum(loss, sk.constant(0)), List.of(x)).dy(0);
      Operand<TFloat32> moved = sk.math.add(x, sk.math.mul(signedStep, sk.math.sign(g)));
      Operand<TFloat32> inBall = sk.math.minimum(sk.math.maximum(moved, lower), upper);
      x = sk.math.minimum(sk.math.maximum(inBall, lo), hi);
    }
    last = s.withName("last").identity(x);
    lastLoss = s.withName("last_loss").identity(loss);
    fooled = s.withName("fooled").identity(anyFooled);
    firstFooling = s.withName("first_fooling").identity(first);
  }

  private static int[] toInts(long[] a) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
    return out;
  }

  /** Runs one restart from {@code x} (already projected) around {@code x0}. */
  Restart run(Session session, float[] x0s, float[] x, int[] labels, float e, float a) {
    int n = labels.length;
    Shape shape = Shape.of(n).append(exampleShape);
    try (TFloat32 x0t = TFloat32.tensorOf(shape, DataBuffers.of(x0s, true, false));
        TFloat32 xt = TFloat32.tensorOf(shape, DataBuffers.of(x, true, false));
        TInt32 yt = TInt32.vectorOf(labels);
        TFloat32 et = TFloat32.scalarOf(e);
        TFloat32 at = TFloat32.scalarOf(a);
        Result out = session.runner().feed(x0, x0t).feed(start, xt).feed(y, yt).feed(eps, et).feed(stepSize, at)
            .fetch(last).fetch(lastLoss).fetch(fooled).fetch(firstFooling).run()) {
      float[] lastX = new float[x.length];
      ((TFloat32) out.get(0)).copyTo(DataBuffers.of(lastX, false, false));
      float[] l = new float[n];
      ((TFloat32) out.get(1)).copyTo(DataBuffers.of(l, false, false));
      TBool f = (TBool) out.get(2);
      boolean[] fo = new boolean[n];
      for (int i = 0; i < n; i++) fo[i] = f.getBoolean(i);
      float[] firstX = new float[x.length];
      ((TFloat32) out.get(3)).copyTo(DataBuffers.of(firstX, false, false));
      return new Restart(lastX, l, fo, firstX);
    }
  }
}
