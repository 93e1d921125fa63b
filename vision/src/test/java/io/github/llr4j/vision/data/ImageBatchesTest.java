package io.github.llr4j.vision.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.vision.augment.Augmentation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

class ImageBatchesTest {

  /** 20 images of 6x6x1, image i filled with i/20 plus a ramp, label i % 4. */
  private static ImageDataset data() {
    float[] px = new float[20 * 36];
    int[] labels = new int[20];
    for (int i = 0; i < 20; i++) {
      labels[i] = i % 4;
      for (int p = 0; p < 36; p++) px[i * 36 + p] = i / 20f + p / 720f;
    }
    return new ImageDataset(px, labels, 6, 6, 1, List.of("a", "b", "c", "d"));
  }

  private static List<float[]> epoch(ArrayBatches b, int e, List<Integer> labelsOut) {
    List<float[]> out = new ArrayList<>();
    Iterator<Batch> it = b.epoch(e);
    while (it.hasNext()) {
      try (Batch batch = it.next()) {
        TFloat32 t = (TFloat32) batch.inputs();
        float[] a = new float[(int) t.size()];
        t.copyTo(DataBuffers.of(a, false, false));
        out.add(a);
        for (int i = 0; i < batch.size(); i++) labelsOut.add(batch.labels().getInt(i));
      }
    }
    return out;
  }

  @Test
  void plainBatchesAreTheImagesInShuffledOrderWithTheirLabels() {
    ImageDataset d = data();
    List<Integer> labels = new ArrayList<>();
    List<float[]> batches = epoch(ImageBatches.of(d, 8, 3, null, true), 0, labels);
    assertThat(batches).hasSize(3);
    int k = 0;
    List<Integer> seen = new ArrayList<>();
    for (float[] b : batches) {
      for (int r = 0; r < b.length / 36; r++, k++) {
        int image = Math.round((b[r * 36] - 0f) * 20);
        seen.add(image);
        assertThat(labels.get(k)).isEqualTo(image % 4);
        for (int p = 0; p < 36; p++) assertThat(b[r * 36 + p]).isEqualTo(d.pixels()[image * 36 + p]);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19);
    assertThat(seen).isNotEqualTo(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19));
    List<Integer> unshuffled = new ArrayList<>();
    epoch(ImageBatches.of(d, 8, 3, null, false), 0, unshuffled);
    assertThat(unshuffled.subList(0, 5)).containsExactly(0, 1, 2, 3, 0);
  }

  @Test
  void augmentationIsReproduciblePerEpochAndChangesPixels() {
    ImageDataset d = data();
    Augmentation aug = new Augmentation(2, true, 0, 0);
    List<float[]> a = epoch(ImageBatches.of(d, 8, 5, aug, true), 1, new ArrayList<>());
    List<float[]> b = epoch(ImageBatches.of(d, 8, 5, aug, true), 1, new ArrayList<>());
    List<float[]> plain = epoch(ImageBatches.of(d, 8, 5, null, true), 1, new ArrayList<>());
    List<float[]> other = epoch(ImageBatches.of(d, 8, 5, aug, true), 2, new ArrayList<>());
    for (int i = 0; i < a.size(); i++) assertThat(a.get(i)).containsExactly(b.get(i));
    assertThat(a.get(0)).isNotEqualTo(plain.get(0));
    assertThat(a.get(0)).isNotEqualTo(other.get(0));
  }
}
