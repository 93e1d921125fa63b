package io.github.llr4j.core.train.tensorboard;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.train.TrainerView;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The first misclassified examples of an image evaluation set (float32 examples {@code [height,
 * width, 1|3|4]} of [0, 1] pixels, in the set's stored order) as one {@link ImageGrid}, with a
 * Markdown table of each tile's true and predicted class. Looks at no more than {@code
 * maxExamples} examples, so an accurate model costs a bounded scan and shows what it found.
 */
final class Misclassified {

  /** The grid (caller closes it) and the labels table; null grid when nothing was misclassified. */
  record Found(TUint8 grid, String table, int count, int examined) {}

  private final Batches set;
  private final int maxImages;
  private final int maxExamples;

  private Misclassified(Batches set, int maxImages, int maxExamples) {
    this.set = set;
    this.maxImages = maxImages;
    this.maxExamples = maxExamples;
  }

  /** For {@code set} when its examples are images, else null. */
  static Misclassified of(Batches set, int maxImages, int maxExamples) {
    if (set == null || set.inputType() != TFloat32.class) return null;
    Shape s = set.exampleShape();
    if (s.numDimensions() != 3) return null;
    long c = s.get(2);
    return c == 1 || c == 3 || c == 4 ? new Misclassified(set, maxImages, maxExamples) : null;
  }

  Found find(TrainerView run) {
    Shape s = set.exampleShape();
    int h = (int) s.get(0), w = (int) s.get(1), c = (int) s.get(2);
    List<float[]> images = new ArrayList<>();
    List<int[]> labels = new ArrayList<>();
    int examined = 0;
    Iterator<Batch> it = set.epoch(0);
    while (it.hasNext() && images.size() < maxImages && examined < maxExamples) {
      try (Batch b = it.next()) {
        int[] predicted = run.predictions(b);
        TFloat32 x = (TFloat32) b.inputs();
        for (int i = 0; i < b.size() && images.size() < maxImages && examined < maxExamples; i++, examined++) {
          int truth = b.labels().getInt(i);
          if (predicted[i] == truth) continue;
          float[] px = new float[h * w * c];
          x.get(i).copyTo(DataBuffers.of(px, false, false));
          images.add(px);
          labels.add(new int[] {truth, predicted[i]});
        }
      }
    }
    if (images.isEmpty()) return new Found(null, "", 0, examined);
    return new Found(ImageGrid.of(images, h, w, c), table(labels), images.size(), examined);
  }

  /** Row and column of every tile (as {@link ImageGrid} fills the grid) with its true and predicted class. */
  private static String table(List<int[]> labels) {
    int cols = ImageGrid.columns(labels.size());
    StringBuilder t = new StringBuilder("| row | column | true class | predicted class |\n|---|---|---|---|\n");
    for (int k = 0; k < labels.size(); k++)
      t.append("| ").append(k / cols + 1).append(" | ").append(k % cols + 1).append(" | ").append(labels.get(k)[0])
          .append(" | ").append(labels.get(k)[1]).append(" |\n");
    return t.toString();
  }
}
