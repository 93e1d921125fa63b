package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.testing.TensorValues;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * A hand-computable ResNet: with every block convolution zero, each block outputs ReLU(shortcut),
 * so the network reduces to its option-A shortcuts. Checks where they sample and where the zero
 * channels go, end to end.
 */
class ResNetShortcutTest {

  @Test
  void optionAShortcutsSampleTheOddGridAndCentreTheChannels() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // width 4: stages of 4, 8, 16 channels; ResNet-8 has one block per stage
      Model m = new ResNetCifar(8, 3, ImageInput.unnormalised(8, 8, 1),
          ResNetCifar.Shortcut.ZERO_PAD, 4).build(tf, 1);
      float[] x = TinyModels.pixels(64, 12);
      Operand<TFloat32> logits = m.logits(ModelContext.inference(tf),
          TinyModels.constant(tf, Shape.of(1, 8, 8, 1), x));
      for (Variable<TFloat32> v : m.trainableVariables()) {
        String name = v.op().name();
        float[] value = new float[(int) v.shape().size()];
        if (name.endsWith("stem_conv/kernel")) {
          value[4 * 4] = 1; // centre tap [1, 1], input channel 0 -> output channel 0
        } else if (name.endsWith("head/kernel")) {
          value[6 * 3] = 1; // feature 6 -> logit 0
        } else if (name.endsWith("gamma")) {
          java.util.Arrays.fill(value, 1f);
        }
        TensorValues.assign(tf, s, v, value);
      }
      // stem: x / sqrt(1 + eps) in channel 0 (inference BN, fresh statistics), ReLU keeps it.
      // stage 2 picks rows/cols 1, 3, 5, 7 and pads 2 channels in front (4 -> 8): channel 2;
      // stage 3 picks 1, 3 of those (original 3, 7) and pads 4 in front (8 -> 16): channel 6.
      double expected = (x[3 * 8 + 3] + x[3 * 8 + 7] + x[7 * 8 + 3] + x[7 * 8 + 7]) / 4.0
          / Math.sqrt(1 + 1e-5);
      float[] out = TensorValues.fetch(s, logits);
      assertThat(out[0]).isCloseTo((float) expected, within(1e-5f));
      assertThat(out[1]).isEqualTo(0f);
      assertThat(out[2]).isEqualTo(0f);
    }
  }
}
