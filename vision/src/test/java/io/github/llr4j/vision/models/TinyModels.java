package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.ModelSpec;
import java.util.List;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Small instances of every family, for tests that run sessions. */
final class TinyModels {
  private TinyModels() {}

  /** One member of every family (and both ResNet shortcuts), as small as the family allows. */
  static List<ModelSpec> all(ImageInput input, int classes) {
    return List.of(
        new ResNetCifar(8, classes, input, ResNetCifar.Shortcut.ZERO_PAD, 2),
        new ResNetCifar(8, classes, input, ResNetCifar.Shortcut.PROJECTION, 2),
        new PreActResNet(classes, input, 2),
        new WideResNet(10, 1, 0.2, classes, input),
        new Vgg(11, classes, input, 2),
        new MobileNetV2(0.1, classes, input, 0.2));
  }

  /** Normalisation constants that are not the identity, so the in-graph normalisation runs. */
  static ImageInput input(int h, int w, int c) {
    double[] mean = new double[c];
    double[] std = new double[c];
    for (int i = 0; i < c; i++) {
      mean[i] = 0.4 + 0.05 * i;
      std[i] = 0.3 - 0.02 * i;
    }
    return new ImageInput(h, w, c, mean, std);
  }

  /** Uniform [0, 1) pixels {@code [batch, h, w, c]}. */
  static float[] pixels(int count, long seed) {
    Random r = new Random(seed);
    float[] x = new float[count];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    return x;
  }

  static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
    return tf.constant(shape, DataBuffers.of(values));
  }
}
