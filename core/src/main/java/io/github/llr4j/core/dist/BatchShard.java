package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.index.Indices;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * This worker's rows of a global batch: rows [r*B/N, (r+1)*B/N) of a batch of B rows for worker r
 * of N (integer division, so shares differ by at most one row and every row is used once). Every
 * worker draws the same global batch (same data, seed and order as one process), which is what
 * makes N workers equal to one process with batch B.
 */
final class BatchShard {
  private BatchShard() {}

  static int start(int size, int rank, int workers) {
    return (int) ((long) size * rank / workers);
  }

  static Batch of(Batch global, int rank, int workers) {
    int size = global.size();
    Require.that(size >= workers, "batch size", "be at least the number of workers (" + workers + ") so that every"
        + " worker gets a row", size, "use a larger --batch-size or fewer workers");
    int from = start(size, rank, workers);
    int to = start(size, rank + 1, workers);
    Tensor inputs = rows(global.inputs(), from, to);
    try {
      return new Batch(inputs, (TInt32) rows(global.labels(), from, to), to - from);
    } catch (RuntimeException e) {
      inputs.close();
      throw e;
    }
  }

  private static Tensor rows(Tensor t, int from, int to) {
    Shape shape = Shape.of(to - from).append(t.shape().tail());
    if (t instanceof TFloat32 f) {
      return TFloat32.tensorOf(shape, dst -> f.slice(Indices.range(from, to)).copyTo(dst));
    }
    if (t instanceof TInt32 i) {
      return TInt32.tensorOf(shape, dst -> i.slice(Indices.range(from, to)).copyTo(dst));
    }
    throw new IllegalArgumentException("batch inputs must be float32 or int32 to be split across workers, got "
        + t.dataType());
  }
}
