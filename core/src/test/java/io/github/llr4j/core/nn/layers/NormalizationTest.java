package io.github.llr4j.core.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.testing.TensorValues;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class NormalizationTest {
  private static final int N = 4;
  private static final int HW = 3;
  private static final int C = 2;

  /** Channel c has mean 3c+1 and spread (c+1) so the statistics differ per channel. */
  private static float[] input(Random r) {
    float[] x = new float[N * HW * HW * C];
    for (int i = 0; i < x.length; i++) {
      int c = i % C;
      x[i] = (float) (3 * c + 1 + (c + 1) * r.nextGaussian());
    }
    return x;
  }

  private static double[][] channelStats(float[] x, int channels) {
    int per = x.length / channels;
    double[][] st = new double[channels][3]; // mean, biased var, unbiased var
    for (int c = 0; c < channels; c++) {
      double m = 0;
      for (int i = c; i < x.length; i += channels) {
        m += x[i];
      }
      m /= per;
      double q = 0;
      for (int i = c; i < x.length; i += channels) {
        q += (x[i] - m) * (x[i] - m);
      }
      st[c] = new double[] {m, q / per, q / (per - 1)};
    }
    return st;
  }

  @Test
  void batchNormTrainingNormalisesPerChannelAndUpdatesMovingStatsLikePytorch() {
    float[] x = input(new Random(1));
    double[][] st = channelStats(x, C);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      BatchNorm bn = new BatchNorm(tf, "bn", C);
      ModelContext ctx = ModelContext.training(tf, 1);
      Operand<TFloat32> y = bn.apply(ctx, tf.constant(Shape.of(N, HW, HW, C), DataBuffers.of(x)));
      assertThat(y.shape()).isEqualTo(Shape.of(N, HW, HW, C));
      List<Op> updates = ctx.updates();
      assertThat(updates).hasSize(2);
      double[][] yst = channelStats(TensorValues.fetch(s, y), C);
      for (int c = 0; c < C; c++) {
        assertThat(yst[c][0]).isCloseTo(0, within(1e-5));
        // biased variance of the output is var/(var+eps)
        assertThat(yst[c][1]).isCloseTo(st[c][1] / (st[c][1] + 1e-5), within(1e-4));
      }
      Session.Runner r = s.runner();
      updates.forEach(r::addTarget);
      r.run();
      float[] mean = TensorValues.fetch(s, bn.stateVariables().get(0));
      float[] var = TensorValues.fetch(s, bn.stateVariables().get(1));
      for (int c = 0; c < C; c++) {
        assertThat((double) mean[c]).isCloseTo(0.9 * 0 + 0.1 * st[c][0], within(1e-5));
        assertThat((double) var[c]).isCloseTo(0.9 * 1 + 0.1 * st[c][2], within(1e-5));
      }
    }
  }

  @Test
  void batchNormInferenceUsesMovingStatisticsAndGammaBeta() {
    float[] x = input(new Random(2));
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      BatchNorm bn = new BatchNorm(tf, "bn", C);
      TensorValues.assign(tf, s, bn.trainableVariables().get(0), new float[] {2, 0.5f});
      TensorValues.assign(tf, s, bn.trainableVariables().get(1), new float[] {1, -1});
      TensorValues.assign(tf, s, bn.stateVariables().get(0), new float[] {1, 4});
      TensorValues.assign(tf, s, bn.stateVariables().get(1), new float[] {4, 0.25f});
      ModelContext ctx = ModelContext.inference(tf);
      float[] y = TensorValues.fetch(s,
          bn.apply(ctx, tf.constant(Shape.of(N, HW, HW, C), DataBuffers.of(x))));
      assertThat(ctx.updates()).isEmpty();
      float[] gamma = {2, 0.5f};
      float[] beta = {1, -1};
      float[] mean = {1, 4};
      float[] var = {4, 0.25f};
      for (int i = 0; i < x.length; i++) {
        int c = i % C;
        double expected = gamma[c] * (x[i] - mean[c]) / Math.sqrt(var[c] + 1e-5) + beta[c];
        assertThat((double) y[i]).isCloseTo(expected, within(1e-4));
      }
    }
  }

  @Test
  void batchNormOnTwoDimensionalInputMatchesItsFormula() {
    Random rnd = new Random(3);
    float[] x = input(rnd);
    int rows = x.length / C;
    double[][] st = channelStats(x, C);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      BatchNorm bn = new BatchNorm(tf, "bn", C, 1e-3f, 0.2f);
      ModelContext ctx = ModelContext.training(tf, 1);
      Operand<TFloat32> y = bn.apply(ctx, tf.constant(Shape.of(rows, C), DataBuffers.of(x)));
      assertThat(y.shape()).isEqualTo(Shape.of(rows, C));
      float[] out = TensorValues.fetch(s, y);
      for (int i = 0; i < x.length; i++) {
        int c = i % C;
        double expected = (x[i] - st[c][0]) / Math.sqrt(st[c][1] + 1e-3);
        assertThat((double) out[i]).isCloseTo(expected, within(1e-4));
      }
      Session.Runner r = s.runner();
      ctx.updates().forEach(r::addTarget);
      r.run();
      float[] var = TensorValues.fetch(s, bn.stateVariables().get(1));
      assertThat((double) var[1]).isCloseTo(0.8 + 0.2 * st[1][2], within(1e-5));
    }
  }

  @Test
  void trainingWithoutUpdatesRecordsNothing() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      BatchNorm bn = new BatchNorm(tf, "bn", 2);
      ModelContext ctx = ModelContext.trainingWithoutUpdates(tf, tf.constant(new long[] {1, 2}));
      bn.apply(ctx, tf.constant(new float[][] {{1, 2}, {3, 5}}));
      assertThat(ctx.updates()).isEmpty();
    }
  }

  @Test
  void layerNormNormalisesTheLastAxis() {
    float[][] x = {{1, 2, 3, 6}, {-1, 0, 0, 5}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      LayerNorm ln = new LayerNorm(tf, "ln", 4);
      TensorValues.assign(tf, s, ln.trainableVariables().get(0), new float[] {1, 2, 3, 4});
      TensorValues.assign(tf, s, ln.trainableVariables().get(1), new float[] {0, 1, 0, -1});
      float[] y = TensorValues.fetch(s, ln.apply(ModelContext.inference(tf), tf.constant(x)));
      float[] gamma = {1, 2, 3, 4};
      float[] beta = {0, 1, 0, -1};
      for (int row = 0; row < 2; row++) {
        double m = 0;
        for (float v : x[row]) {
          m += v / 4.0;
        }
        double q = 0;
        for (float v : x[row]) {
          q += (v - m) * (v - m) / 4.0;
        }
        for (int j = 0; j < 4; j++) {
          double expected = gamma[j] * (x[row][j] - m) / Math.sqrt(q + 1e-5) + beta[j];
          assertThat((double) y[row * 4 + j]).isCloseTo(expected, within(1e-5));
        }
      }
    }
  }
}
