package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.loss.TrainingLoss;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/** Models with known Hessians, and a smooth network with second-order gradients, for the tests. */
final class TestModels {
  private TestModels() {}

  /**
   * Two variables w1 [4], w2 [2] and the loss 0.5 w^T A w, A = blockdiag(Q diag(9, 5, 3, 1) Q^T,
   * diag(7, 0.5)) with Q a Householder reflection: eigenvalues 9, 7, 5, 3, 1, 0.5, trace 25.5.
   */
  static final double[] BLOCK1_EIGEN = {9, 5, 3, 1};
  static final double[] BLOCK2_EIGEN = {7, 0.5};

  static double[][] matrixA(boolean rotate) {
    double[][] a = new double[6][6];
    double[] u = {0.5, -0.5, 0.5, 0.5}; // unit vector: Q = I - 2 u u^T
    for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) {
      double s = 0;
      for (int k = 0; k < 4; k++) {
        double qik = (i == k ? 1 : 0) - (rotate ? 2 * u[i] * u[k] : 0);
        double qjk = (j == k ? 1 : 0) - (rotate ? 2 * u[j] * u[k] : 0);
        s += qik * BLOCK1_EIGEN[k] * qjk;
      }
      a[i][j] = s;
    }
    a[4][4] = BLOCK2_EIGEN[0];
    a[5][5] = BLOCK2_EIGEN[1];
    return a;
  }

  record Quadratic(double[][] a) implements ModelSpec {
    public String name() { return "quadratic"; }
    public int classes() { return 2; }

    public Model build(Ops tf, long seed) {
      Variable<TFloat32> w1 = tf.withName("w1").variable(tf.constant(new float[] {0.3f, -1.2f, 0.8f, 0.5f}));
      Variable<TFloat32> w2 = tf.withName("w2").variable(tf.constant(new float[] {-0.7f, 1.1f}));
      return new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(w1, w2); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          throw new UnsupportedOperationException("the quadratic has a loss, no logits");
        }
      };
    }

    /** 0.5 w^T A w of the model's two variables; inputs and labels are ignored. */
    TrainingLoss loss() {
      float[][] af = new float[6][6];
      for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) af[i][j] = (float) a[i][j];
      return (ctx, model, inputs, labels) -> {
        Ops t = ctx.tf();
        List<Variable<TFloat32>> vs = model.trainableVariables();
        Operand<TFloat32> w = t.concat(List.of(Params.read(t, vs.get(0)), Params.read(t, vs.get(1))), t.constant(0));
        Operand<TFloat32> row = t.reshape(w, t.constant(new long[] {1, 6}));
        Operand<TFloat32> aw = t.linalg.matMul(row, t.constant(af));
        Operand<TFloat32> q = t.reduceSum(t.math.mul(aw, row), t.constant(new int[] {0, 1}));
        return t.math.mul(q, t.constant(0.5f));
      };
    }
  }

  /** One dummy batch (the quadratic ignores its data). */
  static List<Batch> dummyData() {
    return List.of(new Batch(TFloat32.tensorOf(Shape.of(1, 1)), TInt32.vectorOf(0), 1));
  }

  /**
   * A smooth MLP with second-order gradients everywhere: x [8] -> x W1 + b1 -> softplus (as
   * log(1 + exp)) -> x W2 + b2 (4 classes); weights N(0, 0.5^2) from the seed.
   */
  record SoftplusMlp(int hidden) implements ModelSpec {
    public String name() { return "softplus_mlp"; }
    public int classes() { return 4; }

    public Model build(Ops tf, long seed) {
      Random r = new Random(seed);
      Variable<TFloat32> w1 = tf.withName("w1").variable(tf.constant(gauss(r, 8, hidden)));
      Variable<TFloat32> b1 = tf.withName("b1").variable(tf.constant(gauss(r, 1, hidden)[0]));
      Variable<TFloat32> w2 = tf.withName("w2").variable(tf.constant(gauss(r, hidden, 4)));
      Variable<TFloat32> b2 = tf.withName("b2").variable(tf.constant(gauss(r, 1, 4)[0]));
      return new Model() {
        public List<Variable<TFloat32>> trainableVariables() { return List.of(w1, b1, w2, b2); }
        public List<Variable<TFloat32>> stateVariables() { return List.of(); }
        @SuppressWarnings("unchecked")
        public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> in) {
          Ops t = ctx.tf();
          Operand<TFloat32> h = t.math.add(t.linalg.matMul((Operand<TFloat32>) in, Params.read(t, w1)), Params.read(t, b1));
          h = t.math.log(t.math.add(t.constant(1f), t.math.exp(h)));
          return t.math.add(t.linalg.matMul(h, Params.read(t, w2)), Params.read(t, b2));
        }
      };
    }

    private static float[][] gauss(Random r, int rows, int cols) {
      float[][] m = new float[rows][cols];
      for (float[] row : m) for (int j = 0; j < cols; j++) row[j] = (float) (0.5 * r.nextGaussian());
      return m;
    }
  }

  /** The first {@code n} batches of epoch 0 of {@code b} (the caller closes them). */
  static List<Batch> take(Batches b, int n) {
    List<Batch> out = new ArrayList<>();
    Iterator<Batch> it = b.epoch(0);
    while (it.hasNext() && out.size() < n) out.add(it.next());
    return out;
  }
}
