package io.github.llr4j.core.testing;

import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sam;

import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.hparam.TrainingClock;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * A test problem with three parameters of different shapes ({@code [3]}, {@code [2, 2]}, scalar)
 * and the loss {@code sum(w^4)/4 + sum(a*w)}, whose gradient {@code w^3 + a} changes every step
 * and is known in closed form ({@link #gradient}), so a plain-Java reference can follow the graph
 * step by step. Owns its graph and session.
 *
 * <p>A {@link Sam} optimizer gets its two-pass step (ascend, second-pass gradient with restore,
 * base update on the kept gradient) in three session runs, as the trainer runs it; every other
 * optimizer one run of {@link Optimizer#applyGradients}.
 */
public final class QuarticProblem implements AutoCloseable {

  /** Initial parameters, flattened row-major per parameter. */
  public static final double[][] INIT = {
    {1.2, -0.7, 0.4}, {0.9, -1.1, 0.2, 0.6}, {-0.8}
  };
  /** The linear coefficients {@code a}, same layout as {@link #INIT}. */
  public static final double[][] A = {
    {0.5, -1.0, 0.3}, {-0.4, 0.8, 1.5, -0.2}, {0.6}
  };
  /** Shapes of the three parameters. */
  public static final Shape[] SHAPES = {Shape.of(3), Shape.of(2, 2), Shape.scalar()};

  private final Graph graph = new Graph();
  private final Ops tf = Ops.create(graph);
  private final ScalarFeeds feeds = new ScalarFeeds(tf);
  private final Sam sam;
  private final Op train;
  private final Op plainStore;
  private final Op ascend;
  private final Op secondPass;
  private final List<Operand<TFloat64>> readers = new ArrayList<>();
  private Session session;

  /** Builds the problem in {@code type} (float32 or float64) with one step of {@code optimizer}. */
  public <T extends TNumber> QuarticProblem(Class<T> type, Optimizer optimizer) {
    Ops model = tf.withSubScope("model");
    List<Variable<T>> ws = new ArrayList<>();
    Operand<T> loss = null;
    for (int i = 0; i < INIT.length; i++) {
      Operand<T> init = shaped(model, INIT[i], SHAPES[i], type);
      Variable<T> w = model.withName("w" + i).variable(init);
      ws.add(w);
      readers.add(tf.dtypes.cast(w, TFloat64.class));
      Operand<T> x = model.identity(w);
      Operand<T> a = shaped(model, A[i], SHAPES[i], type);
      Operand<T> quartic = model.math.mul(model.math.mul(x, x), model.math.mul(x, x));
      Operand<T> term =
          model.math.add(
              model.math.div(quartic, model.dtypes.cast(model.constant(4.0), type)),
              model.math.mul(a, x));
      int[] axes = new int[SHAPES[i].numDimensions()];
      for (int d = 0; d < axes.length; d++) axes[d] = d;
      Operand<T> sum = model.reduceSum(term, model.constant(axes));
      loss = loss == null ? sum : model.math.add(loss, sum);
    }
    Gradients grads = tf.gradients(loss, ws);
    List<Operand<T>> gs = new ArrayList<>();
    for (int i = 0; i < ws.size(); i++) gs.add(grads.<T>dy(i));
    if (optimizer instanceof Sam s) {
      sam = s;
      // the kept gradient is g1 on plain steps and g2 on SAM steps; one base update consumes it
      Ops keep = tf.withSubScope("kept");
      List<Variable<T>> kept = new ArrayList<>();
      List<Operand<T>> reads = new ArrayList<>();
      for (Variable<T> w : ws) {
        Ops init = keep.withInitScope();
        Variable<T> k =
            keep.withName(w.op().name().replace('/', '.'))
                .variable(init.zeros(init.constant(w.shape().asArray()), type));
        kept.add(k);
        reads.add(tf.identity(k));
      }
      List<Op> store = new ArrayList<>();
      for (int i = 0; i < ws.size(); i++) store.add(tf.assign(kept.get(i), gs.get(i)));
      plainStore = tf.withControlDependencies(store).withName("plain_store").noOp();
      Sam.Perturbation<T> p = s.perturb(tf, ws, gs, feeds);
      ascend = p.ascend();
      // the gradient ops read the perturbed weights in the second run: they are g2 there
      List<Op> second = new ArrayList<>(store);
      second.add(p.restore(gs));
      secondPass = tf.withControlDependencies(second).withName("second_pass").noOp();
      train = optimizer.applyGradients(tf, ws, reads, feeds);
    } else {
      sam = null;
      plainStore = null;
      ascend = null;
      secondPass = null;
      train = optimizer.applyGradients(tf, ws, gs, feeds);
    }
    session = new Session(graph);
  }

  private static <T extends TNumber> Operand<T> shaped(
      Ops tf, double[] values, Shape shape, Class<T> type) {
    return tf.dtypes.cast(tf.reshape(tf.constant(values), tf.constant(shape.asArray())), type);
  }

  /** Runs one training step at {@code clock}. */
  public void step(TrainingClock clock) {
    if (sam != null) {
      if (sam.samStep(clock.step())) {
        run(ascend, clock);
        run(secondPass, clock);
      } else {
        run(plainStore, clock);
      }
    }
    run(train, clock);
  }

  private void run(Op target, TrainingClock clock) {
    Session.Runner r = session.runner();
    try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
        Result ignored = r.addTarget(target).run()) {
      // the run's effect is on the variables
    }
  }

  /** The graph, for inspecting the ops an optimizer created. */
  public Graph graph() {
    return graph;
  }

  /** The current parameters, flattened, as float64. */
  public double[][] read() {
    Session.Runner r = session.runner();
    readers.forEach(r::fetch);
    double[][] out = new double[readers.size()][];
    try (Result res = r.run()) {
      for (int i = 0; i < out.length; i++) {
        TFloat64 t = (TFloat64) res.get(i);
        out[i] = new double[(int) t.size()];
        int k = 0;
        for (long[] idx : (Iterable<long[]>) () -> indices(t.shape())) {
          out[i][k++] = t.getDouble(idx);
        }
      }
    }
    return out;
  }

  /** Fetches a float64, float32 or int64 variable by its full op name, flattened. */
  public double[] readVariable(String opName) {
    Operand<TFloat64> v = tf.dtypes.cast(graph.operation(opName).output(0), TFloat64.class);
    try (Result res = session.runner().fetch(v).run()) {
      TFloat64 t = (TFloat64) res.get(0);
      double[] out = new double[(int) t.size()];
      int k = 0;
      for (long[] idx : (Iterable<long[]>) () -> indices(t.shape())) out[k++] = t.getDouble(idx);
      return out;
    }
  }

  /** The current session. */
  public Session session() {
    return session;
  }

  /** Replaces the session (for checkpoint tests); closes the old one. */
  public void newSession() {
    session.close();
    session = new Session(graph);
  }

  private static java.util.Iterator<long[]> indices(Shape shape) {
    long n = shape.size();
    int rank = shape.numDimensions();
    return new java.util.Iterator<>() {
      long next = 0;

      @Override
      public boolean hasNext() {
        return next < n;
      }

      @Override
      public long[] next() {
        long[] idx = new long[rank];
        long rest = next++;
        for (int d = rank - 1; d >= 0; d--) {
          idx[d] = rest % shape.get(d);
          rest /= shape.get(d);
        }
        return idx;
      }
    };
  }

  /** The gradient {@code w^3 + a} of the loss at {@code w}. */
  public static double[][] gradient(double[][] w) {
    double[][] g = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      g[i] = new double[w[i].length];
      for (int k = 0; k < w[i].length; k++) g[i][k] = w[i][k] * w[i][k] * w[i][k] + A[i][k];
    }
    return g;
  }

  /** A deep copy of {@code w}. */
  public static double[][] copy(double[][] w) {
    double[][] c = new double[w.length][];
    for (int i = 0; i < w.length; i++) c[i] = w[i].clone();
    return c;
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
