package io.github.llr4j.core.train;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;
import org.tensorflow.types.family.TType;

/** Test fixtures: 4 Gaussian blobs in 8-D, a softmax-regression model, momentum SGD. */
public final class TinyProblem {
  private TinyProblem() {}

  public static final int DIM = 8;
  public static final int CLASSES = 4;

  /** n examples; class k is centred at 4 * e_k (Bayes error about 1%) with unit noise. */
  public static ArrayBatches blobs(int n, long seed, int batch) {
    Random r = new Random(seed);
    float[] x = new float[n * DIM];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % CLASSES;
      for (int d = 0; d < DIM; d++) x[i * DIM + d] = (float) r.nextGaussian() + (d == y[i] ? 4f : 0f);
    }
    return ArrayBatches.ofFloats(x, Shape.of(DIM), y).batchSize(batch).seed(seed).build();
  }

  /** logits = x W + b, W [8,4] ~ N(0, 0.1^2) from seed, b = 0. */
  public record Linear() implements ModelSpec {
    public String name() { return "linear"; }
    public int classes() { return CLASSES; }

    public Model build(Ops tf, long seed) {
      Random r = new Random(seed);
      float[][] w0 = new float[DIM][CLASSES];
      for (float[] row : w0) for (int k = 0; k < CLASSES; k++) row[k] = (float) (0.1 * r.nextGaussian());
      Variable<TFloat32> w = tf.withName("w").variable(tf.constant(w0));
      Variable<TFloat32> b = tf.withName("b").variable(tf.constant(new float[CLASSES]));
      return new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(w, b); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          Ops t = ctx.tf();
          return t.math.add(t.linalg.matMul((Operand<TFloat32>) in, Params.read(t, w)), Params.read(t, b));
        }
      };
    }
  }

  /** Heavy-ball momentum on TF's ApplyMomentum; lr fed as {@code learning_rate}. */
  public record Momentum(Hyperparameter lr, double momentum) implements Optimizer {
    public String name() { return "momentum"; }

    public <T extends TNumber> Op applyGradients(
        Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) {
        Variable<T> p = params.get(i);
        Class<T> type = p.type();
        Variable<T> acc = tf.variable(tf.zeros(tf.constant(p.shape().asArray()), type));
        ops.add(tf.train.applyMomentum(p, acc, feeds.scalar("learning_rate", lr, type),
            gradients.get(i), tf.dtypes.cast(tf.constant(momentum), type)));
      }
      return tf.withControlDependencies(ops).noOp();
    }
  }
}
