package io.github.llr4j.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class ArrayBatchesTest {

  /** 10 examples of shape [2]: example i = (i, 100 + i), label i % 3. */
  private static ArrayBatches.Builder data() {
    float[] x = new float[20];
    int[] y = new int[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 100 + i;
      y[i] = i % 3;
    }
    return ArrayBatches.ofFloats(x, Shape.of(2), y);
  }

  private static List<Integer> firstColumn(Iterator<Batch> it, List<Integer> sizes) {
    List<Integer> ids = new ArrayList<>();
    while (it.hasNext()) {
      try (Batch b = it.next()) {
        TFloat32 t = (TFloat32) b.inputs();
        sizes.add(b.size());
        for (int r = 0; r < b.size(); r++) {
          int id = (int) t.getFloat(r, 0);
          assertThat(t.getFloat(r, 1)).isEqualTo(100f + id);
          assertThat(b.labels().getInt(r)).isEqualTo(id % 3);
          ids.add(id);
        }
      }
    }
    return ids;
  }

  @Test
  void epochOrderDependsOnlyOnSeedAndEpochAndCoversAll() {
    ArrayBatches a = data().batchSize(4).seed(7).build();
    ArrayBatches b = data().batchSize(4).seed(7).prefetch(0).build();
    List<Integer> s = new ArrayList<>();
    List<Integer> e1 = firstColumn(a.epoch(1), s);
    assertThat(s).containsExactly(4, 4, 2);
    assertThat(e1).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(firstColumn(b.epoch(1), new ArrayList<>())).isEqualTo(e1);
    assertThat(firstColumn(a.epoch(0), new ArrayList<>())).isNotEqualTo(e1);
    assertThat(firstColumn(data().batchSize(4).seed(8).build().epoch(1), new ArrayList<>())).isNotEqualTo(e1);
    assertThat(firstColumn(data().shuffle(false).batchSize(4).build().epoch(3), new ArrayList<>()))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void dropLastAndTransformAndWait() {
    ArrayBatches a = data().batchSize(4).dropLast(true).seed(1)
        .build();
    assertThat(a.batchesPerEpoch()).isEqualTo(2);
    List<Integer> s = new ArrayList<>();
    assertThat(firstColumn(a.epoch(0), s)).hasSize(8);
    assertThat(s).containsExactly(4, 4);
    assertThat(a.inputWaitNanos()).isPositive();

    ArrayBatches neg = data().batchSize(5).shuffle(false)
        .transform((v, rows, shape, rng) -> { for (int i = 0; i < v.length; i++) v[i] = -v[i]; })
        .build();
    try (Batch b = neg.epoch(0).next()) {
      assertThat(((TFloat32) b.inputs()).getFloat(2, 1)).isEqualTo(-102f);
      assertThat(b.inputs().shape()).isEqualTo(Shape.of(5, 2));
    }
  }

  @Test
  void transformRandomIsSeededPerEpochAndBatch() {
    BatchTransform noise = (v, rows, shape, rng) -> { for (int i = 0; i < v.length; i++) v[i] = rng.nextFloat(); };
    float[] e0a = firstValues(data().batchSize(5).seed(3).transform(noise).build().epoch(0));
    float[] e0b = firstValues(data().batchSize(5).seed(3).transform(noise).prefetch(0).build().epoch(0));
    float[] e1 = firstValues(data().batchSize(5).seed(3).transform(noise).build().epoch(1));
    assertThat(e0a).isEqualTo(e0b);
    assertThat(e0a).isNotEqualTo(e1);
  }

  private static float[] firstValues(Iterator<Batch> it) {
    try (Batch b = it.next()) {
      TFloat32 t = (TFloat32) b.inputs();
      float[] out = new float[10];
      for (int i = 0; i < 10; i++) out[i] = t.getFloat(i / 2, i % 2);
      return out;
    }
  }

  @Test
  void tokens() {
    int[] tok = {1, 2, 3, 4, 5, 6};
    ArrayBatches a = ArrayBatches.ofTokens(tok, Shape.of(3), new int[] {0, 1}).batchSize(2).shuffle(false).build();
    assertThat(a.inputType()).isEqualTo(org.tensorflow.types.TInt32.class);
    try (Batch b = a.epoch(0).next()) {
      assertThat(((org.tensorflow.types.TInt32) b.inputs()).getInt(1, 2)).isEqualTo(6);
      assertThat(b.labels().getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> ArrayBatches.ofFloats(new float[5], Shape.of(2), new int[3]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 5");
    assertThatThrownBy(() -> data().batchSize(0))
        .hasMessage("batchSize must be >= 1, got 0");
    assertThatThrownBy(() -> data().batchSize(11).dropLast(true).build())
        .hasMessageContaining("got 11");
  }

  @Test
  void abandonedPrefetchingIteratorReleasesItsWorker() throws InterruptedException {
    ArrayBatches b = data().batchSize(1).prefetch(2).build();
    takeOneAndAbandon(b, 7777);
    assertThat(prefetchWorkerAlive(7777)).as("worker blocked on a full queue").isTrue();
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (prefetchWorkerAlive(7777) && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(100);
    }
    assertThat(prefetchWorkerAlive(7777)).as("worker of an abandoned iterator exits").isFalse();
    // a fully consumed epoch still delivers every batch
    assertThat(firstColumn(b.epoch(1), new ArrayList<>())).hasSize(10);
  }

  private static void takeOneAndAbandon(ArrayBatches b, int epoch) throws InterruptedException {
    Iterator<Batch> it = b.epoch(epoch);
    it.next().close();
    Thread.sleep(300); // the worker fills the queue (2 of the remaining 9 batches) and blocks
  }

  private static boolean prefetchWorkerAlive(int epoch) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.isAlive() && t.getName().equals("llr4j-prefetch-epoch-" + epoch));
  }
}
