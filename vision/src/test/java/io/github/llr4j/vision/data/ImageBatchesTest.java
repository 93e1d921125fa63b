package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.vision.augment.Augmentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class ImageBatchesTest {
  private static final int H = 4;
  private static final int W = 5;
  private static final int C = 2;
  private static final int PER = H * W * C;

  /** 10 examples whose pixels all differ (so every example and every mirror is recognisable). */
  private static ImageDataset data(int n) {
    float[] p = new float[n * PER];
    Random r = new Random(1);
    for (int i = 0; i < p.length; i++) {
      p[i] = 0.05f + 0.9f * r.nextFloat();
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
    }
    return new ImageDataset(p, labels, H, W, C, List.of("a", "b", "c"));
  }

  private record Rows(List<float[]> images, List<Integer> labels) {}

  private static Rows epoch(ArrayBatches b, int epoch) {
    List<float[]> images = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    Iterator<Batch> it = b.epoch(epoch);
    while (it.hasNext()) {
      try (Batch batch = it.next()) {
        TFloat32 x = (TFloat32) batch.inputs();
        assertThat(x.shape()).isEqualTo(Shape.of(batch.size(), H, W, C));
        float[] flat = new float[(int) x.shape().size()];
        x.copyTo(DataBuffers.of(flat, false, false));
        for (int i = 0; i < batch.size(); i++) {
          images.add(Arrays.copyOfRange(flat, i * PER, (i + 1) * PER));
          labels.add(batch.labels().getInt(i));
        }
      }
    }
    return new Rows(images, labels);
  }

  private static float[] example(ImageDataset d, int i) {
    return Arrays.copyOfRange(d.pixels(), i * PER, (i + 1) * PER);
  }

  private static float[] mirrored(float[] img) {
    float[] out = new float[img.length];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        System.arraycopy(img, (y * W + W - 1 - x) * C, out, (y * W + x) * C, C);
      }
    }
    return out;
  }

  @Test
  void withoutAugmentationBatchesAreTheExamplesInTheEpochOrder() {
    ImageDataset d = data(10);
    ArrayBatches b = ImageBatches.builder(d, null).batchSize(4).seed(7).prefetch(0).build();
    assertThat(b.exampleShape()).isEqualTo(Shape.of(H, W, C));
    assertThat(b.batchesPerEpoch()).isEqualTo(3);
    int[] order = b.order(1);
    assertThat(order).isNotEqualTo(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
    Rows rows = epoch(b, 1);
    assertThat(rows.images()).hasSize(10);
    for (int k = 0; k < 10; k++) {
      assertThat(rows.images().get(k)).containsExactly(example(d, order[k]));
      assertThat(rows.labels().get(k)).isEqualTo(d.labels()[order[k]]);
    }
  }

  @Test
  void flipAugmentationMirrorsSomeExamplesAndKeepsTheRest() {
    ImageDataset d = data(10);
    float[] pristine = d.pixels().clone();
    ArrayBatches b = ImageBatches.builder(d, new Augmentation(0, true, 0, 0))
        .batchSize(3).seed(11).build();
    int flipped = 0;
    int kept = 0;
    for (int e = 0; e < 4; e++) {
      int[] order = b.order(e);
      Rows rows = epoch(b, e);
      for (int k = 0; k < 10; k++) {
        float[] img = rows.images().get(k);
        float[] original = example(d, order[k]);
        if (Arrays.equals(img, original)) {
          kept++;
        } else {
          assertThat(img).containsExactly(mirrored(original));
          flipped++;
        }
      }
    }
    // 40 fair coin flips: 20 +- 3.2 expected, both outcomes must occur
    assertThat(flipped).isBetween(8, 32);
    assertThat(kept).isEqualTo(40 - flipped);
    assertThat(d.pixels()).containsExactly(pristine);
  }

  @Test
  void augmentationIsAFunctionOfSeedEpochAndBatch() {
    ImageDataset d = data(10);
    Augmentation aug = new Augmentation(1, true, 2, 0.5);
    ArrayBatches a = ImageBatches.builder(d, aug).batchSize(4).seed(5).prefetch(2).build();
    ArrayBatches resumed = ImageBatches.builder(d, aug).batchSize(4).seed(5).prefetch(0).build();
    ArrayBatches other = ImageBatches.builder(d, aug).batchSize(4).seed(6).prefetch(0).build();
    Rows e0 = epoch(a, 0);
    epoch(a, 1);
    Rows e2 = epoch(a, 2);
    // a fresh object asked for epoch 2 first (a resumed run) sees exactly the same batches
    Rows e2Resumed = epoch(resumed, 2);
    for (int k = 0; k < 10; k++) {
      assertThat(e2Resumed.images().get(k)).containsExactly(e2.images().get(k));
    }
    assertThat(e2Resumed.labels()).isEqualTo(e2.labels());
    // another epoch or another seed: other augmentations (and orders)
    assertThat(differing(e0, e2)).isGreaterThan(5);
    assertThat(differing(epoch(other, 2), e2)).isGreaterThan(5);
  }

  private static int differing(Rows x, Rows y) {
    int n = 0;
    for (int k = 0; k < x.images().size(); k++) {
      n += Arrays.equals(x.images().get(k), y.images().get(k)) ? 0 : 1;
    }
    return n;
  }

  @Test
  void evaluationKeepsOrderAndEveryExample() {
    ImageDataset d = data(10);
    ArrayBatches b = ImageBatches.evaluation(d, 4);
    assertThat(b.batchesPerEpoch()).isEqualTo(3);
    Rows rows = epoch(b, 3);
    for (int k = 0; k < 10; k++) {
      assertThat(rows.images().get(k)).containsExactly(example(d, k));
      assertThat(rows.labels().get(k)).isEqualTo(d.labels()[k]);
    }
  }

  @Test
  void transformRejectsOtherShapesAndNulls() {
    ImageDataset d = data(2);
    var t = ImageBatches.transform(Augmentation.cifar(), d);
    assertThatThrownBy(() -> t.apply(new float[PER], 1, Shape.of(W, H, C), new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch examples must have shape [4, 5, 2], got [5, 4, 2]");
    assertThatThrownBy(() -> ImageBatches.transform(null, d))
        .hasMessage("augmentation must be non-null, got null");
    assertThatThrownBy(() -> ImageBatches.builder(null, null))
        .hasMessage("data must be non-null, got null");
  }
}
