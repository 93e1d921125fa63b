package io.github.llr4j.core.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.init.Initializers;
import io.github.llr4j.core.testing.GradientCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * TF gradients of every trainable layer (w.r.t. its variables and its input) against central
 * differences on tiny instances. Tolerance 1e-2 with the default step 1e-2 and floor 1e-2.
 */
class LayerGradientTest {
  private static final double TOL = 1e-2;

  private interface Build {
    /** Creates the layer, returns (output, trainable variables). */
    Result build(Ops tf, ModelContext ctx, Operand<TFloat32> x);
  }

  private record Result(Operand<TFloat32> y, List<? extends Operand<TFloat32>> vars) {}

  private static double check(Shape inShape, boolean training, Build b) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Random r = new Random(11);
      float[] x = new float[(int) inShape.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) r.nextGaussian();
      }
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(inShape));
      ModelContext ctx = training ? ModelContext.training(tf, 3) : ModelContext.inference(tf);
      Result res = b.build(tf, ctx, in);
      float[] proj = new float[(int) res.y().shape().size()];
      for (int i = 0; i < proj.length; i++) {
        proj[i] = (float) r.nextGaussian();
      }
      Operand<TFloat32> y = tf.sum(tf.math.mul(res.y(),
          tf.constant(res.y().shape(), DataBuffers.of(proj))), tf.constant(
              rangeOf(res.y().shape().numDimensions())));
      List<Operand<TFloat32>> wrt = new ArrayList<>(res.vars());
      wrt.add(in);
      return GradientCheck.maxRelativeError(tf, s, y, wrt, Map.of(in, x),
          GradientCheck.DEFAULT_STEP, GradientCheck.DEFAULT_FLOOR);
    }
  }

  private static int[] rangeOf(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }

  @Test
  void dense() {
    assertThat(check(Shape.of(3, 4), false, (tf, ctx, x) -> {
      Dense d = new Dense(tf, "d", 4, 3, 1);
      return new Result(d.apply(ctx, x), d.trainableVariables());
    })).isLessThan(TOL);
  }

  @Test
  void conv2dStandardStridedAndDepthwise() {
    assertThat(check(Shape.of(2, 5, 5, 2), false, (tf, ctx, x) -> {
      Conv2d c = Conv2d.builder("c", 2, 3, 3).stride(2).padding(Padding.explicit(1)).build(tf, 1);
      return new Result(c.apply(ctx, x), c.trainableVariables());
    })).isLessThan(TOL);
    assertThat(check(Shape.of(1, 4, 4, 2), false, (tf, ctx, x) -> {
      Conv2d c = Conv2d.builder("same", 2, 2, 3).padding(Padding.explicit(1)).build(tf, 2);
      return new Result(c.apply(ctx, x), c.trainableVariables());
    })).isLessThan(TOL);
    assertThat(check(Shape.of(1, 4, 4, 2), false, (tf, ctx, x) -> {
      Conv2d c = Conv2d.builder("dw", 2, 4, 3).depthwise(true).padding(Padding.explicit(2))
          .kernelInit(Initializers.heNormal(Initializers.FanMode.FAN_OUT)).build(tf, 1);
      return new Result(c.apply(ctx, x), c.trainableVariables());
    })).isLessThan(TOL);
  }

  @Test
  void batchNormTrainingFourAndTwoDimensional() {
    Build scaled = (tf, ctx, x) -> {
      BatchNorm bn = new BatchNorm(tf, "bn", 2);
      Operand<TFloat32> y = bn.apply(ctx, x);
      return new Result(y, bn.trainableVariables());
    };
    assertThat(check(Shape.of(2, 3, 3, 2), true, scaled)).isLessThan(TOL);
    assertThat(check(Shape.of(6, 2), true, scaled)).isLessThan(TOL);
    assertThat(check(Shape.of(2, 2, 2, 2), false, scaled)).isLessThan(TOL);
  }

  @Test
  void layerNormAndGelu() {
    assertThat(check(Shape.of(3, 5), false, (tf, ctx, x) -> {
      LayerNorm ln = new LayerNorm(tf, "ln", 5);
      return new Result(Activations.gelu(tf, ln.apply(ctx, x)), ln.trainableVariables());
    })).isLessThan(TOL);
  }

  @Test
  void embeddingTable() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Embedding e = new Embedding(tf, "e", 5, 3, Initializers.truncatedNormal(1.0), 1);
      Operand<TFloat32> y = e.apply(ModelContext.inference(tf), tf.constant(new int[] {4, 1, 4}));
      Operand<TFloat32> loss = tf.sum(tf.math.square(y), tf.constant(new int[] {0, 1}));
      assertThat(GradientCheck.maxRelativeError(tf, s, loss, List.of(e.table()))).isLessThan(TOL);
    }
  }

  @Test
  void theCheckDetectsAWrongGradient() {
    // y = sum(x^2) computed as x * stopGradient(x) has TF gradient x, true gradient 2x
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(3)));
      Operand<TFloat32> y = tf.sum(tf.math.mul(x, tf.stopGradient(x)), tf.constant(0));
      double err = GradientCheck.maxRelativeError(tf, s, y, List.of(x),
          Map.of(x, new float[] {1, -2, 0.5f}), 1e-2, 1e-2);
      assertThat(err).isCloseTo(0.5, org.assertj.core.api.Assertions.within(1e-3));
    }
  }
}
