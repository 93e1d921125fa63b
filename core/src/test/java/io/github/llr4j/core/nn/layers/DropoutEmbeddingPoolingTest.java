package io.github.llr4j.core.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.testing.TensorValues;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class DropoutEmbeddingPoolingTest {

  private static float[] runWithSeed(Session s, Placeholder<TInt64> seed, Operand<TFloat32> y,
      long a, long b) {
    try (TInt64 t = TInt64.vectorOf(a, b); Result r = s.runner().feed(seed, t).fetch(y).run()) {
      return TensorValues.toArray((TFloat32) r.get(0));
    }
  }

  @Test
  void dropoutKeepsTheExpectationAndDependsOnlyOnTheSeedPair() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt64> seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(2)));
      Dropout d = new Dropout("drop", 0.25);
      Operand<TFloat32> x = tf.fill(tf.constant(new long[] {100, 200}), tf.constant(2f));
      Operand<TFloat32> y = d.apply(ModelContext.training(tf, seed), x);
      Operand<TFloat32> y2 = new Dropout("drop2", 0.25).apply(ModelContext.training(tf, seed), x);
      float[] a = runWithSeed(s, seed, y, 7, 0);
      double sum = 0;
      int zeros = 0;
      for (float v : a) {
        sum += v;
        if (v == 0f) {
          zeros++;
        } else {
          assertThat(v).isCloseTo(2f / 0.75f, within(1e-6f));
        }
      }
      assertThat(sum / a.length).isCloseTo(2.0, within(0.03));
      assertThat(zeros / (double) a.length).isCloseTo(0.25, within(0.01));
      assertThat(runWithSeed(s, seed, y, 7, 0)).containsExactly(a);
      float[] nextStep = runWithSeed(s, seed, y, 7, 1);
      float[] otherLayer = runWithSeed(s, seed, y2, 7, 0);
      assertThat(differences(a, nextStep)).isGreaterThan(1000);
      assertThat(differences(a, otherLayer)).isGreaterThan(1000);
    }
  }

  private static int differences(float[] a, float[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) {
      n += a[i] != b[i] ? 1 : 0;
    }
    return n;
  }

  @Test
  void dropoutIsIdentityInInferenceAndRejectsBadRates() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(new float[] {1, 2});
      assertThat(new Dropout("d", 0.5).apply(ModelContext.inference(tf), x)).isSameAs(x);
      assertThatThrownBy(() -> new Dropout("d", 1.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be in [0, 1), got 1.0");
    }
  }

  @Test
  void embeddingGathersRows() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Embedding e = new Embedding(tf, "emb", 4, 2,
          io.github.llr4j.core.nn.init.Initializers.truncatedNormal(0.02), 1);
      TensorValues.assign(tf, s, e.table(), new float[] {0, 1, 10, 11, 20, 21, 30, 31});
      Operand<TFloat32> y = e.apply(ModelContext.inference(tf), tf.constant(new int[][] {{3, 0}, {1, 1}}));
      assertThat(y.shape()).isEqualTo(Shape.of(2, 2, 2));
      assertThat(TensorValues.fetch(s, y)).containsExactly(30, 31, 0, 1, 10, 11, 10, 11);
    }
  }

  @Test
  void poolingAndFlattenComputeTheirReductions() {
    // one image 4x4, one channel, values 0..15 row-major
    float[] v = new float[16];
    for (int i = 0; i < 16; i++) {
      v[i] = i;
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.constant(Shape.of(1, 4, 4, 1),
          org.tensorflow.ndarray.buffer.DataBuffers.of(v));
      assertThat(TensorValues.fetch(s, Pooling.maxPool(tf, x, 2, 2, Padding.VALID)))
          .containsExactly(5, 7, 13, 15);
      assertThat(TensorValues.fetch(s, Pooling.avgPool(tf, x, 2, 2, Padding.VALID)))
          .containsExactly(2.5f, 4.5f, 10.5f, 12.5f);
      Operand<TFloat32> gap = Pooling.globalAveragePool(tf, x);
      assertThat(gap.shape()).isEqualTo(Shape.of(1, 1));
      assertThat(TensorValues.fetch(s, gap)).containsExactly(7.5f);
      Operand<TFloat32> flat = Pooling.flatten(tf, x);
      assertThat(flat.shape()).isEqualTo(Shape.of(1, 16));
      assertThat(TensorValues.fetch(s, Activations.gelu(tf, tf.constant(new float[] {-1, 0, 2}))))
          .containsExactly(new float[] {-0.15865525f, 0f, 1.9544997f}, within(1e-6f));
    }
  }
}
