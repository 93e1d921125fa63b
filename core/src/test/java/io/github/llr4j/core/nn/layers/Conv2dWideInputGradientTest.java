package io.github.llr4j.core.nn.layers;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.testing.TensorValues;
import java.util.List;
import java.util.Random;
import io.github.llr4j.core.precision.CpuFeatures;
import io.github.llr4j.core.precision.Precision;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Conv2d's gradients for input channel counts that oneDNN 3.3.4 gets wrong on AVX-512 BF16 CPUs
 * (AMD EPYC Zen 4: {@code in > 32} with {@code in mod 32} in [1, 16]; see the Conv2d class
 * comment), against an exact float64 reference of y = sum(conv(x, k) * r): forward values, dy/dx
 * and dy/dk. Without the channel padding this fails on AMD EPYC at the first case (33 channels),
 * and the raw Conv2D measured dx errors of 0.46 to 0.79 of the largest reference value for such
 * channel counts (dk and the forward pass exact); it passes on any CPU where the convolution is
 * right. Tolerance 1e-4 of the largest value (float32 sums of a few hundred
 * terms are good to about 1e-6). In bfloat16 the same check covers the odd channel counts oneDNN
 * gets wrong there (3, 49 and 1 under a 1x1 kernel in this list; without the padding each of
 * them failed at 0.12 to 0.79).
 */
class Conv2dWideInputGradientTest {

  @Test
  void paddingRule() {
    assertThat(Conv2d.paddedChannels(1, 9)).isEqualTo(1);
    assertThat(Conv2d.paddedChannels(1, 1)).isEqualTo(2);
    assertThat(Conv2d.paddedChannels(2, 9)).isEqualTo(2);
    assertThat(Conv2d.paddedChannels(3, 9)).isEqualTo(4);
    assertThat(Conv2d.paddedChannels(16, 9)).isEqualTo(16);
    assertThat(Conv2d.paddedChannels(31, 1)).isEqualTo(32);
    assertThat(Conv2d.paddedChannels(32, 9)).isEqualTo(32);
    assertThat(Conv2d.paddedChannels(33, 9)).isEqualTo(64);
    assertThat(Conv2d.paddedChannels(48, 9)).isEqualTo(64);
    assertThat(Conv2d.paddedChannels(49, 9)).isEqualTo(50);
    assertThat(Conv2d.paddedChannels(50, 9)).isEqualTo(50);
    assertThat(Conv2d.paddedChannels(144, 9)).isEqualTo(160);
    assertThat(Conv2d.paddedChannels(160, 9)).isEqualTo(160);
  }

  @Test
  void gradientsMatchFloat64ForWideInputs() {
    for (int in : new int[] {33, 40, 48, 72, 144}) {
      for (int k : new int[] {1, 3}) {
        for (int stride : new int[] {1, 2}) {
          double[] e = errors(in, 8, k, stride, 2, 4);
          String what = "in " + in + ", kernel " + k + ", stride " + stride;
          assertThat(e[0]).as("forward, " + what).isLessThan(1e-4);
          assertThat(e[1]).as("dy/dx, " + what).isLessThan(1e-4);
          assertThat(e[2]).as("dy/dk, " + what).isLessThan(1e-4);
        }
      }
    }
  }

  /**
   * The same check in bfloat16 (oneDNN's mixed-precision rewrite, {@link Precision#BF16}), whose
   * kernels have a bug of their own (odd channel counts, see Conv2d): counts on both sides of both
   * padding rules. Inputs and kernel rounded to bfloat16 (8 significant bits, relative error up to
   * 2^-9) put the worst output 1e-3 to 5e-3 of the largest value off (measured); the bound 2e-2
   * leaves room and stays far below the bugs' 0.1 to 1. The lower bound 1e-4 makes sure bfloat16
   * really ran (float32 is about 1e-6 off). Runs only on a CPU with native bfloat16 (AVX512-BF16 or
   * AMX-BF16).
   */
  @Test
  void bfloat16GradientsMatchFloat64WithinRounding() {
    Assumptions.assumeTrue(CpuFeatures.current().nativeBf16(), "CPU without AVX512-BF16 / AMX-BF16");
    for (int in : new int[] {1, 3, 16, 24, 32, 33, 48, 49, 64, 96, 144}) {
      for (int k : new int[] {1, 3}) {
        for (int stride : new int[] {1, 2}) {
          double[] e = errors(in, 8, k, stride, 2, 4, Precision.BF16);
          String what = "bf16, in " + in + ", kernel " + k + ", stride " + stride;
          for (int i = 0; i < 3; i++) {
            assertThat(e[i]).as(new String[] {"forward", "dy/dx", "dy/dk"}[i] + ", " + what)
                .isGreaterThan(1e-4).isLessThan(2e-2);
          }
        }
      }
    }
  }

  private static double[] errors(int in, int out, int ks, int stride, int batch, int size) {
    return errors(in, out, ks, stride, batch, size, Precision.FP32);
  }

  /** Max errors of (y, dy/dx, dy/dk) relative to the largest reference value of each. */
  private static double[] errors(int in, int out, int ks, int stride, int batch, int size, Precision precision) {
    Random rnd = new Random(in * 31L + ks * 7L + stride);
    float[] x = uniform(rnd, batch * size * size * in);
    int os = (size + stride - 1) / stride;
    float[] r = uniform(rnd, batch * os * os * out);
    try (Graph g = new Graph(); Session s = precision.openSession(g)) {
      Ops tf = Ops.create(g);
      Conv2d conv = Conv2d.builder("conv", in, out, ks).stride(stride).bias(false)
          .padding(Padding.SAME).build(tf, 5);
      Placeholder<TFloat32> xp = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(batch, size, size, in)));
      Operand<TFloat32> y = conv.apply(ModelContext.inference(tf), xp);
      Operand<TFloat32> loss = tf.sum(tf.math.mul(y, tf.constant(y.shape(), DataBuffers.of(r))),
          tf.constant(new int[] {0, 1, 2, 3}));
      var grads = tf.gradients(loss, List.of(xp, conv.kernel()));
      // grappler keeps fetched nodes as built: fetching y itself would keep the convolution float32
      Operand<TFloat32> yOut = tf.identity(y);
      float[] kv = TensorValues.fetch(s, conv.kernel());
      float[][] got = new float[3][];
      try (TFloat32 xt = TensorValues.tensor(xp.shape(), x);
          Result res = s.runner().feed(xp, xt).fetch(yOut).fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
        for (int i = 0; i < 3; i++) got[i] = TensorValues.toArray((TFloat32) res.get(i));
      }
      double[][] ref = reference(x, kv, r, batch, size, in, out, ks, stride);
      return new double[] {error(got[0], ref[0]), error(got[1], ref[1]), error(got[2], ref[2])};
    }
  }

  /** SAME padding as TF: out = ceil(size / stride), pad_total = max((out-1)s + k - size, 0). */
  private static double[][] reference(float[] x, float[] k, float[] r, int batch, int size,
      int in, int out, int ks, int stride) {
    int os = (size + stride - 1) / stride;
    int top = Math.max((os - 1) * stride + ks - size, 0) / 2;
    double[] y = new double[batch * os * os * out];
    double[] dx = new double[x.length];
    double[] dk = new double[k.length];
    for (int n = 0; n < batch; n++)
      for (int oy = 0; oy < os; oy++)
        for (int ox = 0; ox < os; ox++)
          for (int u = 0; u < ks; u++)
            for (int v = 0; v < ks; v++) {
              int sy = oy * stride + u - top, sx = ox * stride + v - top;
              if (sy < 0 || sx < 0 || sy >= size || sx >= size) continue;
              for (int i = 0; i < in; i++)
                for (int o = 0; o < out; o++) {
                  int xi = ((n * size + sy) * size + sx) * in + i;
                  int ki = ((u * ks + v) * in + i) * out + o;
                  int yi = ((n * os + oy) * os + ox) * out + o;
                  y[yi] += (double) x[xi] * k[ki];
                  dx[xi] += (double) r[yi] * k[ki];
                  dk[ki] += (double) r[yi] * x[xi];
                }
            }
    return new double[][] {y, dx, dk};
  }

  private static double error(float[] got, double[] ref) {
    double scale = 1e-30, worst = 0;
    for (double v : ref) scale = Math.max(scale, Math.abs(v));
    for (int i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]));
    return worst / scale;
  }

  private static float[] uniform(Random rnd, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) a[i] = 2 * rnd.nextFloat() - 1;
    return a;
  }
}
