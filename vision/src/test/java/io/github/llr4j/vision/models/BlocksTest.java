package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.layers.Conv2d;
import io.github.llr4j.core.testing.TensorValues;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BlocksTest {

  private static float[] ramp(int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  /**
   * A 3x3 stride-2 SAME convolution whose kernel is 1 at the centre returns the input at the
   * centres of its windows; the shortcut subsampling must pick exactly those pixels.
   */
  private static void assertSubsampleOnConvGrid(int size, float[] expected) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = TinyModels.constant(tf, Shape.of(1, size, size, 1), ramp(size * size));
      Conv2d conv = Blocks.conv3x3(tf, "conv", 1, 1, 2, 1);
      float[] delta = new float[9];
      delta[4] = 1;
      TensorValues.assign(tf, s, conv.kernel(), delta);
      float[] viaConv = TensorValues.fetch(s, conv.apply(ModelContext.inference(tf), x));
      float[] viaSubsample = TensorValues.fetch(s, Blocks.subsample(tf, x));
      assertThat(viaSubsample).containsExactly(expected);
      assertThat(viaConv).containsExactly(expected);
    }
  }

  @Test
  void subsampleFollowsTheSameConvolutionGridOnEvenSizes() {
    // 4x4 ramp 0..15: SAME pads (0, 1), windows centred on rows/cols 1 and 3
    assertSubsampleOnConvGrid(4, new float[] {5, 7, 13, 15});
  }

  @Test
  void subsampleFollowsTheSameConvolutionGridOnOddSizes() {
    // 5x5 ramp 0..24: SAME pads (1, 1) as PyTorch, windows centred on rows/cols 0, 2, 4
    assertSubsampleOnConvGrid(5, new float[] {0, 2, 4, 10, 12, 14, 20, 22, 24});
  }

  @Test
  void subsampleOnEvenSizesKeepsChannelsAndMixedSizesUseTheirOwnOffsets() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // [2, 4, 2, 3] holding its flat indices
      Operand<TFloat32> x = TinyModels.constant(tf, Shape.of(2, 4, 2, 3), ramp(48));
      Operand<TFloat32> y = Blocks.subsample(tf, x);
      assertThat(y.shape()).isEqualTo(Shape.of(2, 2, 1, 3));
      // example n, row 1 and 3, column 1: flat ((n*4 + r)*2 + 1)*3 + ch
      assertThat(TensorValues.fetch(s, y)).containsExactly(
          9, 10, 11, 21, 22, 23, 33, 34, 35, 45, 46, 47);
      // 3 rows (odd: offset 0), 2 columns (even: offset 1)
      Operand<TFloat32> z = Blocks.subsample(tf,
          TinyModels.constant(tf, Shape.of(1, 3, 2, 1), ramp(6)));
      assertThat(TensorValues.fetch(s, z)).containsExactly(1, 5);
    }
  }

  @Test
  void padChannelsAddsZerosOnBothSides() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = TinyModels.constant(tf, Shape.of(1, 1, 2, 2), new float[] {1, 2, 3, 4});
      Operand<TFloat32> y = Blocks.padChannels(tf, x, 2, 5);
      assertThat(y.shape()).isEqualTo(Shape.of(1, 1, 2, 5));
      assertThat(TensorValues.fetch(s, y)).containsExactly(0, 1, 2, 0, 0, 0, 3, 4, 0, 0);
    }
  }

  @Test
  void outSizeIsCeilingDivision() {
    assertThat(Blocks.outSize(28, 2)).isEqualTo(14);
    assertThat(Blocks.outSize(7, 2)).isEqualTo(4);
    assertThat(Blocks.outSize(1, 2)).isEqualTo(1);
  }

  @Test
  void normalisationIsPerChannel() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ImageInput in = new ImageInput(1, 2, 2, new double[] {0.25, 0.1}, new double[] {0.5, 0.2});
      Operand<TFloat32> x =
          TinyModels.constant(tf, Shape.of(1, 1, 2, 2), new float[] {0.5f, 0.2f, 1f, 0f});
      float[] y = TensorValues.fetch(s, in.normalise(tf, x));
      assertThat(y).containsExactly(new float[] {0.5f, 0.5f, 1.5f, -0.5f},
          org.assertj.core.data.Offset.offset(1e-6f));
      // no normalisation: the input itself, no ops added
      assertThat(ImageInput.unnormalised(1, 2, 2).normalise(tf, x)).isSameAs(x);
    }
  }
}
