package io.github.llr4j.core.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.testing.TensorValues;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class DenseConvTest {

  static float[] random(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void denseComputesXwPlusB() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Dense d = new Dense(tf, "d", 3, 2, 1);
      assertThat(d.trainableVariables()).hasSize(2);
      TensorValues.assign(tf, s, d.kernel(), new float[] {1, 2, 3, 4, 5, 6});
      TensorValues.assign(tf, s, d.trainableVariables().get(1), new float[] {0.5f, -1});
      Operand<TFloat32> x = tf.constant(new float[][] {{1, 0, -1}, {2, 1, 0}});
      Operand<TFloat32> y = d.apply(ModelContext.inference(tf), x);
      assertThat(y.shape()).isEqualTo(Shape.of(2, 2));
      // row0: [1-5, 2-6] + b = [-3.5, -5]; row1: [2+3, 4+4] + b = [5.5, 7]
      assertThat(TensorValues.fetch(s, y)).containsExactly(-3.5f, -5f, 5.5f, 7f);
    }
  }

  /** Plain-Java NHWC convolution with explicit zero padding (top/left = pad) and stride. */
  static float[] referenceConv(float[] x, int n, int h, int w, int c, float[] k, int kh, int kw,
      int out, int stride, int pad, int oh, int ow, boolean depthwise) {
    int mult = depthwise ? out / c : 0;
    float[] y = new float[n * oh * ow * out];
    for (int b = 0; b < n; b++) {
      for (int i = 0; i < oh; i++) {
        for (int j = 0; j < ow; j++) {
          for (int o = 0; o < out; o++) {
            double sum = 0;
            for (int di = 0; di < kh; di++) {
              for (int dj = 0; dj < kw; dj++) {
                int yi = i * stride + di - pad;
                int xj = j * stride + dj - pad;
                if (yi < 0 || yi >= h || xj < 0 || xj >= w) {
                  continue;
                }
                if (depthwise) {
                  int ch = o / mult;
                  sum += x[((b * h + yi) * w + xj) * c + ch]
                      * k[((di * kw + dj) * c + ch) * mult + o % mult];
                } else {
                  for (int ch = 0; ch < c; ch++) {
                    sum += x[((b * h + yi) * w + xj) * c + ch] * k[((di * kw + dj) * c + ch) * out + o];
                  }
                }
              }
            }
            y[((b * oh + i) * ow + j) * out + o] = (float) sum;
          }
        }
      }
    }
    return y;
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(actual).hasSize(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
    }
  }

  @Test
  void convWithExplicitPaddingAndStrideMatchesPlainJava() {
    Random r = new Random(3);
    float[] x = random(r, 2 * 5 * 5 * 3);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2d conv = Conv2d.builder("c", 3, 4, 3).stride(2).padding(Padding.explicit(1)).build(tf, 9);
      float[] k = random(r, 3 * 3 * 3 * 4);
      float[] b = random(r, 4);
      TensorValues.assign(tf, s, conv.kernel(), k);
      TensorValues.assign(tf, s, conv.trainableVariables().get(1), b);
      Operand<TFloat32> y = conv.apply(ModelContext.inference(tf),
          tf.constant(Shape.of(2, 5, 5, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(x)));
      assertThat(y.shape()).isEqualTo(Shape.of(2, 3, 3, 4));
      float[] expected = referenceConv(x, 2, 5, 5, 3, k, 3, 3, 4, 2, 1, 3, 3, false);
      for (int i = 0; i < expected.length; i++) {
        expected[i] += b[i % 4];
      }
      assertClose(TensorValues.fetch(s, y), expected);
    }
  }

  @Test
  void sameAndValidPaddingGiveTheirShapesAndSameEqualsPadOneForOddKernels() {
    Random r = new Random(4);
    float[] x = random(r, 1 * 6 * 6 * 2);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2d same = Conv2d.builder("same", 2, 3, 3).bias(false).build(tf, 1);
      Conv2d valid = Conv2d.builder("valid", 2, 3, 3).padding(Padding.VALID).bias(false)
          .build(tf, 2);
      Conv2d pad2 = Conv2d.builder("pad2", 2, 3, 3).padding(Padding.explicit(2)).bias(false)
          .build(tf, 3);
      Conv2d pad1 = Conv2d.builder("pad1", 2, 3, 3).padding(Padding.explicit(1)).bias(false)
          .build(tf, 4);
      assertThat(same.trainableVariables()).hasSize(1);
      float[] k = random(r, 3 * 3 * 2 * 3);
      TensorValues.assign(tf, s, same.kernel(), k);
      TensorValues.assign(tf, s, valid.kernel(), k);
      TensorValues.assign(tf, s, pad2.kernel(), k);
      TensorValues.assign(tf, s, pad1.kernel(), k);
      Operand<TFloat32> in =
          tf.constant(Shape.of(1, 6, 6, 2), org.tensorflow.ndarray.buffer.DataBuffers.of(x));
      ModelContext ctx = ModelContext.inference(tf);
      Operand<TFloat32> ys = same.apply(ctx, in);
      Operand<TFloat32> yv = valid.apply(ctx, in);
      assertThat(ys.shape()).isEqualTo(Shape.of(1, 6, 6, 3));
      assertThat(yv.shape()).isEqualTo(Shape.of(1, 4, 4, 3));
      assertClose(TensorValues.fetch(s, ys), referenceConv(x, 1, 6, 6, 2, k, 3, 3, 3, 1, 1, 6, 6, false));
      assertClose(TensorValues.fetch(s, yv), referenceConv(x, 1, 6, 6, 2, k, 3, 3, 3, 1, 0, 4, 4, false));
      Operand<TFloat32> y2 = pad2.apply(ctx, in);
      assertThat(y2.shape()).isEqualTo(Shape.of(1, 8, 8, 3));
      assertClose(TensorValues.fetch(s, y2), referenceConv(x, 1, 6, 6, 2, k, 3, 3, 3, 1, 2, 8, 8, false));
      assertClose(TensorValues.fetch(s, pad1.apply(ctx, in)),
          referenceConv(x, 1, 6, 6, 2, k, 3, 3, 3, 1, 1, 6, 6, false));
    }
  }

  @Test
  void depthwiseConvMatchesPlainJavaWithPytorchChannelOrder() {
    Random r = new Random(5);
    float[] x = random(r, 2 * 4 * 4 * 3);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Conv2d dw = Conv2d.builder("dw", 3, 6, 3).depthwise(true).bias(false).build(tf, 1);
      assertThat(dw.kernel().shape()).isEqualTo(Shape.of(3, 3, 3, 2));
      float[] k = random(r, 3 * 3 * 3 * 2);
      TensorValues.assign(tf, s, dw.kernel(), k);
      Operand<TFloat32> y = dw.apply(ModelContext.inference(tf),
          tf.constant(Shape.of(2, 4, 4, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(x)));
      assertThat(y.shape()).isEqualTo(Shape.of(2, 4, 4, 6));
      assertClose(TensorValues.fetch(s, y), referenceConv(x, 2, 4, 4, 3, k, 3, 3, 6, 1, 1, 4, 4, true));
    }
  }

  @Test
  void rejectsBadSettings() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      assertThatThrownBy(() -> Conv2d.builder("c", 3, 4, 3).depthwise(true).build(tf, 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of in");
      assertThatThrownBy(() -> Conv2d.builder("c", 3, 4, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("kernelSize must be positive, got 0");
      assertThatThrownBy(() -> new Dense(tf, "a/b", 1, 1, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no '/'");
    }
  }
}
