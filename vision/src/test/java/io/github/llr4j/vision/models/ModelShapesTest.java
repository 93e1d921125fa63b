package io.github.llr4j.vision.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class ModelShapesTest {

  private static List<ModelSpec> fullSize(ImageInput in) {
    return List.of(ResNetCifar.of(20, 7, in),
        ResNetCifar.of(20, 7, in, ResNetCifar.Shortcut.PROJECTION), PreActResNet.resnet18(7, in),
        ResNet.of(18, 7, in), ResNet.of(50, 7, in), new WideResNet(16, 4, 0.3, 7, in), Vgg.of(16, 7, in), new MobileNetV2(1.0, 7, in, 0.2));
  }

  private static ImageInput input(ModelSpec spec) {
    if (spec instanceof ResNetCifar r) {
      return r.input();
    }
    if (spec instanceof PreActResNet p) {
      return p.input();
    }
    if (spec instanceof ResNet r) {
      return r.input();
    }
    if (spec instanceof WideResNet w) {
      return w.input();
    }
    if (spec instanceof Vgg v) {
      return v.input();
    }
    return ((MobileNetV2) spec).input();
  }

  /** Static shapes come from TensorFlow's shape functions of every op in the graph. */
  @Test
  void fullSizeModelsGiveBatchByClassesLogitsOnBothInputShapes() {
    ImageInput odd = ImageInput.unnormalised(41, 64, 2);
    List<List<ModelSpec>> cases = List.of(fullSize(ImageInput.unnormalised(28, 28, 1)),
        fullSize(TinyModels.input(32, 32, 3)),
        List.of(ResNetCifar.of(20, 7, odd), new MobileNetV2(1.0, 7, odd, 0)));
    for (List<ModelSpec> specs : cases) {
      for (ModelSpec spec : specs) {
        ImageInput in = input(spec);
        try (Graph g = new Graph()) {
          Ops tf = Ops.create(g);
          Model m = spec.build(tf, 1);
          var x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2).append(
              in.exampleShape())));
          assertThat(m.logits(ModelContext.training(tf, 1), x).shape())
              .as(spec.name() + " on " + in.exampleShape()).isEqualTo(Shape.of(2, 7));
        }
      }
    }
  }

  @Test
  void rejectsInputOfAnotherShapeOrType() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Model m = ResNetCifar.of(8, 10, ImageInput.unnormalised(28, 28, 1)).build(tf, 1);
      var wrong = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 32, 32, 3)));
      assertThatThrownBy(() -> m.logits(ModelContext.inference(tf), wrong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("input must have shape [batch, 28, 28, 1], got [-1, 32, 32, 3]");
      var ints = tf.constant(new int[1][28][28][1]);
      assertThatThrownBy(() -> m.logits(ModelContext.inference(tf), ints))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("input must be float32 pixels in [0, 1], got TInt32");
    }
  }

  @Test
  void rejectsBadSpecs() {
    ImageInput in = ImageInput.unnormalised(28, 28, 1);
    assertThatThrownBy(() -> ResNetCifar.of(21, 10, in))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("depth must be 6n + 2 with n >= 1 (20, 32, 44, 56, 110), got 21");
    assertThatThrownBy(() -> new WideResNet(28, 0, 0, 10, in))
        .hasMessage("widenFactor must be >= 1, got 0");
    assertThatThrownBy(() -> new WideResNet(27, 10, 0, 10, in))
        .hasMessage("depth must be 6n + 4 with n >= 1 (16, 22, 28, 40), got 27");
    assertThatThrownBy(() -> Vgg.of(12, 10, in))
        .hasMessage("depth must be 11, 13, 16 or 19, got 12");
    assertThatThrownBy(() -> new MobileNetV2(0, 10, in, 0))
        .hasMessage("widthMultiplier must be in (0, 4], got 0.0");
    assertThatThrownBy(() -> PreActResNet.resnet18(1, in))
        .hasMessage("classes must be >= 2, got 1");
    assertThatThrownBy(() -> new ImageInput(28, 28, 1, new double[] {0.5}, new double[] {0}))
        .hasMessageStartingWith("std must be positive and finite, got [0.0]");
    assertThatThrownBy(() -> new ImageInput(28, 28, 3, new double[] {0.5}, new double[] {1}))
        .hasMessage("mean and std must have 3 values (one per channel), got 1 and 1");
  }
}
