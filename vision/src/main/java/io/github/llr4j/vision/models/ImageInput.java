package io.github.llr4j.vision.models;

import io.github.llr4j.vision.data.ChannelStats;
import java.util.Arrays;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * What a vision model is fed: float32 NHWC batches {@code [batch, height, width, channels]} of
 * pixels in [0, 1], and the per-channel constants of the normalisation the model applies first,
 * {@code x' = (x - mean[c]) / std[c]}. Keeping the normalisation inside the graph means attacks,
 * exported models and predictions all work on [0, 1] pixels.
 *
 * <p>The normalisation runs as {@code x * (1/std) + (-mean/std)}: two broadcast ops on the input,
 * skipped entirely when mean is 0 and std is 1 ({@link #unnormalised}).
 */
public record ImageInput(int height, int width, int channels, double[] mean, double[] std) {

  public ImageInput {
    if (height < 1 || width < 1 || channels < 1) {
      throw new IllegalArgumentException("height, width and channels must be >= 1, got "
          + height + "x" + width + "x" + channels);
    }
    if (mean == null || mean.length != channels || std == null || std.length != channels) {
      throw new IllegalArgumentException("mean and std must have " + channels
          + " values (one per channel), got " + (mean == null ? "null" : mean.length) + " and "
          + (std == null ? "null" : std.length));
    }
    mean = mean.clone();
    std = std.clone();
    for (int c = 0; c < channels; c++) {
      if (!Double.isFinite(mean[c])) {
        throw new IllegalArgumentException("mean must be finite, got " + Arrays.toString(mean));
      }
      if (!(std[c] > 0) || !Double.isFinite(std[c])) {
        throw new IllegalArgumentException("std must be positive and finite, got "
            + Arrays.toString(std) + " (a constant channel has std 0: use 1 for it)");
      }
    }
  }

  /** Pixels fed as they are (mean 0, std 1). */
  public static ImageInput unnormalised(int height, int width, int channels) {
    double[] zeros = new double[channels];
    double[] ones = new double[channels];
    Arrays.fill(ones, 1.0);
    return new ImageInput(height, width, channels, zeros, ones);
  }

  /**
   * From an example shape {@code [height, width, channels]} (as {@code Batches.exampleShape()}
   * gives it) and the training set's statistics ({@code null}: no normalisation).
   */
  public static ImageInput of(Shape exampleShape, ChannelStats stats) {
    if (exampleShape == null || exampleShape.numDimensions() != 3
        || exampleShape.hasUnknownDimension()) {
      throw new IllegalArgumentException(
          "inputShape must be [height, width, channels] with known sizes, got " + exampleShape);
    }
    int h = (int) exampleShape.get(0);
    int w = (int) exampleShape.get(1);
    int c = (int) exampleShape.get(2);
    if (stats == null) {
      return unnormalised(h, w, c);
    }
    return new ImageInput(h, w, c, stats.mean(), stats.std());
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  /** The example shape {@code [height, width, channels]}. */
  public Shape exampleShape() {
    return Shape.of(height, width, channels);
  }

  /**
   * Checks that {@code input} is float32 {@code [batch, height, width, channels]} (the batch may
   * be unknown) and returns it normalised.
   */
  Operand<TFloat32> normalise(Ops tf, Operand<? extends TType> input) {
    if (input.type() != TFloat32.class) {
      throw new IllegalArgumentException(
          "input must be float32 pixels in [0, 1], got " + input.type().getSimpleName());
    }
    Shape s = input.shape();
    if (s.numDimensions() != 4 || s.get(1) != height || s.get(2) != width
        || s.get(3) != channels) {
      throw new IllegalArgumentException("input must have shape [batch, " + height + ", " + width
          + ", " + channels + "], got " + s);
    }
    @SuppressWarnings("unchecked")
    Operand<TFloat32> x = (Operand<TFloat32>) input;
    boolean identity = true;
    float[] scale = new float[channels];
    float[] shift = new float[channels];
    for (int c = 0; c < channels; c++) {
      scale[c] = (float) (1.0 / std[c]);
      shift[c] = (float) (-mean[c] / std[c]);
      identity &= mean[c] == 0 && std[c] == 1;
    }
    if (identity) {
      return x;
    }
    Ops n = tf.withSubScope("normalise");
    return n.math.add(n.math.mul(x, n.constant(scale)), n.constant(shift));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageInput i && i.height == height && i.width == width
        && i.channels == channels && Arrays.equals(i.mean, mean) && Arrays.equals(i.std, std);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * height + width) + channels) + 17 * Arrays.hashCode(mean)
        + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "ImageInput[" + height + "x" + width + "x" + channels + ", mean="
        + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
