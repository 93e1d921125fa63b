package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.Batch;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Every row of a global batch goes to exactly one worker, in order, shares differing by at most one. */
class BatchShardTest {

  private static Batch rows(int n) {
    TFloat32 x = TFloat32.tensorOf(Shape.of(n, 2));
    TInt32 y = TInt32.tensorOf(Shape.of(n));
    for (int i = 0; i < n; i++) {
      x.setFloat(i, i, 0);
      x.setFloat(-i, i, 1);
      y.setInt(i % 3, i);
    }
    return new Batch(x, y, n);
  }

  @Test
  void splitsThirtyOneRowsFifteenSixteenInOrder() {
    try (Batch global = rows(31); Batch first = BatchShard.of(global, 0, 2); Batch second = BatchShard.of(global, 1, 2)) {
      assertThat(first.size()).isEqualTo(15);
      assertThat(second.size()).isEqualTo(16);
      TFloat32 a = (TFloat32) first.inputs();
      TFloat32 b = (TFloat32) second.inputs();
      assertThat(a.getFloat(14, 0)).isEqualTo(14f);
      assertThat(b.getFloat(0, 0)).isEqualTo(15f);
      assertThat(b.getFloat(15, 1)).isEqualTo(-30f);
      assertThat(second.labels().getInt(0)).isEqualTo(15 % 3);
    }
  }

  @Test
  void aBatchSmallerThanTheClusterIsRefused() {
    try (Batch global = rows(2)) {
      assertThatThrownBy(() -> BatchShard.of(global, 0, 3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch size must be at least the number of workers (3)");
    }
  }
}
