package io.github.llr4j.vision.data;

import io.github.llr4j.core.check.Require;
import java.util.List;

/**
 * An in-memory image classification set. Pixels are floats in [0,1], layout NHWC flattened:
 * pixel (i, y, x, ch) is at {@code ((i*height + y)*width + x)*channels + ch}, so
 * {@code pixels.length == size()*height*width*channels}. Labels are in {@code [0, numClasses)}.
 * The arrays are shared, not copied: callers must not mutate them.
 */
public record ImageDataset(
    float[] pixels, int[] labels, int height, int width, int channels, List<String> classNames) {

  public ImageDataset {
    Require.atLeast("height", height, 1);
    Require.atLeast("width", width, 1);
    Require.atLeast("channels", channels, 1);
    if (classNames.isEmpty()) throw new IllegalArgumentException("classNames must not be empty");
    classNames = List.copyOf(classNames);
    long per = (long) height * width * channels;
    if (pixels.length != labels.length * per)
      throw new IllegalArgumentException(
          "pixels.length must be labels.length*height*width*channels = "
              + labels.length * per + ", got " + pixels.length);
    for (int i = 0; i < labels.length; i++)
      if (labels[i] < 0 || labels[i] >= classNames.size())
        throw new IllegalArgumentException(
            "label of example " + i + " must be in [0, " + classNames.size() + "), got " + labels[i]);
  }

  /** Number of examples. */
  public int size() {
    return labels.length;
  }

  /** Number of classes. */
  public int numClasses() {
    return classNames.size();
  }

  /** Floats per example: height*width*channels. */
  public int exampleLength() {
    return height * width * channels;
  }

  /** A new data set of the examples at {@code indices}, in that order (copies the pixels). */
  public ImageDataset subset(int[] indices) {
    int per = exampleLength();
    float[] p = new float[indices.length * per];
    int[] l = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      int i = indices[k];
      if (i < 0 || i >= size())
        throw new IllegalArgumentException(
            "indices[" + k + "] must be in [0, " + size() + "), got " + i);
      System.arraycopy(pixels, i * per, p, k * per, per);
      l[k] = labels[i];
    }
    return new ImageDataset(p, l, height, width, channels, classNames);
  }

  /** The first {@code min(n, size())} examples. */
  public ImageDataset limit(int n) {
    Require.atLeast("n", n, 0);
    int m = Math.min(n, size());
    int[] idx = new int[m];
    for (int i = 0; i < m; i++) idx[i] = i;
    return subset(idx);
  }
}
