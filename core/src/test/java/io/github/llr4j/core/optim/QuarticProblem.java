package io.github.llr4j.core.optim;

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
 * A test problem with three parameters of different shapes and the loss
 * {@code sum(w^4)/4 + sum(a*w)}, whose gradient {@code w^3 + a} changes every step. Owns its graph
 * and session.
 */
final class QuarticProblem implements AutoCloseable {

  static final double[][] INIT = {
    {1.2, -0.7, 0.4}, {0.9, -1.1, 0.2, 0.6}, {-0.8}
  };
  static final double[][] A = {
    {0.5, -1.0, 0.3}, {-0.4, 0.8, 1.5, -0.2}, {0.6}
  };
  static final Shape[] SHAPES = {Shape.of(3), Shape.of(2, 2), Shape.scalar()};

  final Graph graph = new Graph();
  final Ops tf = Ops.create(graph);
  final ScalarFeeds feeds = new ScalarFeeds(tf);
  final List<Variable<?>> params = new ArrayList<>();
  final Op train;
  private final List<Operand<TFloat64>> readers = new ArrayList<>();
  private Session session;

  <T extends TNumber> QuarticProblem(Class<T> type, Optimizer optimizer) {
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
    params.addAll(ws);
    train = optimizer.applyGradients(tf, ws, gs, feeds);
    session = new Session(graph);
  }

  private static <T extends TNumber> Operand<T> shaped(
      Ops tf, double[] values, Shape shape, Class<T> type) {
    return tf.dtypes.cast(tf.reshape(tf.constant(values), tf.constant(shape.asArray())), type);
  }

  /** Runs one training step at {@code clock}. */
  void step(TrainingClock clock) {
    Session.Runner r = session.runner();
    try (ScalarFeeds.Fed fed = feeds.feed(r, clock);
        Result ignored = r.addTarget(train).run()) {
      // the run's effect is on the variables
    }
  }

  /** The current parameters, flattened, as float64. */
  double[][] read() {
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

  /** Fetches a float64 or float32 variable by its full op name, flattened. */
  double[] readVariable(String opName) {
    Operand<TFloat64> v = tf.dtypes.cast(graph.operation(opName).output(0), TFloat64.class);
    try (Result res = session.runner().fetch(v).run()) {
      TFloat64 t = (TFloat64) res.get(0);
      double[] out = new double[(int) t.size()];
      int k = 0;
      for (long[] idx : (Iterable<long[]>) () -> indices(t.shape())) out[k++] = t.getDouble(idx);
      return out;
    }
  }

  Session session() {
    return session;
  }

  /** Replaces the session (for checkpoint tests); closes the old one. */
  void newSession() {
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
  static double[][] gradient(double[][] w) {
    double[][] g = new double[w.length][];
    for (int i = 0; i < w.length; i++) {
      g[i] = new double[w[i].length];
      for (int k = 0; k < w[i].length; k++) g[i][k] = w[i][k] * w[i][k] * w[i][k] + A[i][k];
    }
    return g;
  }

  static double[][] copy(double[][] w) {
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
