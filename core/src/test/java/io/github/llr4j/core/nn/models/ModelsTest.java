package io.github.llr4j.core.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.testing.TensorValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class ModelsTest {

  @Test
  void parameterCountsMatchHandCounts() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      // 784*64+64 + 64*32+32 + 32*10+10
      assertThat(Mlp.of(784, List.of(64, 32), 10).build(tf, 1).parameterCount())
          .isEqualTo(50240 + 2080 + 330);
      // with batch norm the hidden Dense layers lose their bias: 20*8 + 2*8 + 8*3+3
      Model bn = new Mlp(20, List.of(8), 3, 0.5, true).build(tf, 1);
      assertThat(bn.parameterCount()).isEqualTo(160 + 16 + 27);
      assertThat(bn.stateVariables()).hasSize(2);
      // 9*1*8 + 16 + 9*8*16 + 32 + (7*7*16)*10 + 10
      Model cnn = new SmallCnn(28, 28, 1, 8, 16, 10).build(tf, 1);
      assertThat(cnn.parameterCount()).isEqualTo(72 + 16 + 1152 + 32 + 7840 + 10);
      assertThat(cnn.trainableVariables()).extracting(v -> v.op().name()).containsExactly(
          "small_cnn/conv1/kernel", "small_cnn/bn1/gamma", "small_cnn/bn1/beta",
          "small_cnn/conv2/kernel", "small_cnn/bn2/gamma", "small_cnn/bn2/beta",
          "small_cnn/head/kernel", "small_cnn/head/bias");
      assertThat(cnn.stateVariables()).hasSize(4);
    }
  }

  @Test
  void rejectsBadSpecs() {
    assertThatThrownBy(() -> new SmallCnn(30, 28, 1, 8, 16, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiples of 4");
    assertThatThrownBy(() -> Mlp.of(10, List.of(0), 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden sizes");
  }

  @Test
  void sameSeedSameWeightsAndLayersGetDistinctSeeds() {
    float[] a;
    float[] b;
    float[] c;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model m1 = Mlp.of(16, List.of(16), 16).build(tf.withSubScope("a"), 5);
      Model m2 = Mlp.of(16, List.of(16), 16).build(tf.withSubScope("b"), 5);
      a = TensorValues.fetch(s, m1.trainableVariables().get(0));
      b = TensorValues.fetch(s, m2.trainableVariables().get(0));
      c = TensorValues.fetch(s, m1.trainableVariables().get(2));
    }
    assertThat(a).containsExactly(b);
    assertThat(a).isNotEqualTo(c);
  }

  /**
   * Trains {@code spec} with plain gradient descent on a fixed separable problem (class = argmax of
   * the first {@code classes} input features) and returns the loss before and after.
   */
  private static float[] train(ModelSpec spec, Shape example, int steps, float lr) {
    int batch = 32;
    int features = (int) example.size();
    Random r = new Random(7);
    float[] x = new float[batch * features];
    float[] y = new float[batch * spec.classes()];
    for (int i = 0; i < batch; i++) {
      int best = 0;
      for (int f = 0; f < features; f++) {
        x[i * features + f] = (float) r.nextGaussian();
      }
      for (int k = 1; k < spec.classes(); k++) {
        if (x[i * features + k] > x[i * features + best]) {
          best = k;
        }
      }
      y[i * spec.classes() + best] = 1;
    }
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model model = spec.build(tf, 3);
      long[] dims = new long[example.numDimensions() + 1];
      dims[0] = batch;
      for (int i = 0; i < example.numDimensions(); i++) {
        dims[i + 1] = example.get(i);
      }
      Operand<TFloat32> input = tf.constant(Shape.of(dims), DataBuffers.of(x));
      Operand<TFloat32> labels = tf.constant(Shape.of(batch, spec.classes()), DataBuffers.of(y));
      ModelContext ctx = ModelContext.training(tf, 1);
      Operand<TFloat32> logits = model.logits(ctx, input);
      assertThat(logits.shape()).isEqualTo(Shape.of(batch, spec.classes()));
      Operand<TFloat32> loss = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(logits, labels).loss(), tf.constant(0));
      List<Variable<TFloat32>> vars = model.trainableVariables();
      Gradients grads = tf.gradients(loss, new ArrayList<>(vars));
      List<Op> step = new ArrayList<>(ctx.updates());
      for (int i = 0; i < vars.size(); i++) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> gi = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
        step.add(tf.train.applyGradientDescent(vars.get(i), tf.constant(lr), gi));
      }
      float first = TensorValues.fetch(s, loss)[0];
      for (int i = 0; i < steps; i++) {
        Session.Runner runner = s.runner();
        step.forEach(runner::addTarget);
        runner.run();
      }
      float last;
      try (Result res = s.runner().fetch(loss).run()) {
        last = ((TFloat32) res.get(0)).getFloat();
      }
      return new float[] {first, last};
    }
  }

  @Test
  void mlpWithBatchNormAndDropoutLearns() {
    float[] l = train(new Mlp(12, List.of(32), 3, 0.1, true), Shape.of(3, 4), 30, 0.1f);
    assertThat(l[1]).isLessThan(0.5f * l[0]);
  }

  @Test
  void smallCnnLearns() {
    float[] l = train(new SmallCnn(8, 8, 2, 4, 8, 3), Shape.of(8, 8, 2), 40, 0.05f);
    assertThat(l[1]).isLessThan(0.5f * l[0]);
  }

  @Test
  void mlpDropoutAndBatchNormFollowTheMode() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Model m = new Mlp(6, List.of(64), 4, 0.5, true).build(tf, 2);
      Random r = new Random(1);
      float[] x = new float[8 * 6];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      Operand<TFloat32> in = tf.constant(Shape.of(8, 6), DataBuffers.of(x));
      ModelContext inference = ModelContext.inference(tf);
      float[] i1 = TensorValues.fetch(s, m.logits(inference, in));
      float[] i2 = TensorValues.fetch(s, m.logits(inference, in));
      float[] t1 = TensorValues.fetch(s, m.logits(ModelContext.training(tf, 1), in));
      float[] t2 = TensorValues.fetch(s, m.logits(ModelContext.training(tf, 2), in));
      assertThat(inference.updates()).isEmpty();
      assertThat(i1).containsExactly(i2);
      assertThat(t1).isNotEqualTo(t2).isNotEqualTo(i1);
    }
  }

  @Test
  void rejectsNonFloatInput() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = Mlp.of(2, List.of(), 2).build(tf, 1);
      assertThatThrownBy(() -> m.logits(ModelContext.inference(tf), tf.constant(new int[][] {{1, 2}})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("input must be float32, got TInt32");
    }
  }
}
