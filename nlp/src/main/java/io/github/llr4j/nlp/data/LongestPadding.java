package io.github.llr4j.nlp.data;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import java.util.Iterator;
import java.util.OptionalLong;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * Dynamic padding: token batches of fixed-length rows ({@code [B, maxLength]} or packed pairs
 * {@code [B, 2, maxLength]}, padded at the end) cut to their longest row, the last position
 * holding a non-pad id in any row of the batch (at least 1). Order and contents are those of the
 * wrapped source; only trailing all-padding columns are dropped, which the encoder would mask
 * anyway (padded keys get exactly zero attention weight), so logits are unchanged while the
 * attention cost of short batches shrinks from maxLength^2 to longest^2.
 *
 * <p>{@link #exampleShape()} has an unknown ({@code -1}) sequence length, so graphs built from it
 * accept every batch length.
 */
public final class LongestPadding implements Batches {
  private final Batches source;
  private final int padId;

  /** Wraps int32 token batches whose padding id is {@code padId}. */
  public LongestPadding(Batches source, int padId) {
    if (source.inputType() != TInt32.class)
      throw new IllegalArgumentException("batches must hold int32 token ids, got " + source.inputType().getSimpleName());
    int rank = source.exampleShape().numDimensions();
    if (rank != 1 && !(rank == 2 && source.exampleShape().get(0) == 2))
      throw new IllegalArgumentException("examples must be [maxLength] or [2, maxLength], got " + source.exampleShape());
    this.source = source;
    this.padId = padId;
  }

  @Override
  public Class<? extends TType> inputType() {
    return TInt32.class;
  }

  @Override
  public Shape exampleShape() {
    return source.exampleShape().numDimensions() == 1 ? Shape.of(-1) : Shape.of(2, -1);
  }

  @Override
  public int size() {
    return source.size();
  }

  @Override
  public int batchesPerEpoch() {
    return source.batchesPerEpoch();
  }

  @Override
  public OptionalLong inputWaitNanosTotal() {
    return source.inputWaitNanosTotal();
  }

  @Override
  public Iterator<Batch> epoch(int epoch) {
    Iterator<Batch> it = source.epoch(epoch);
    return new Iterator<>() {
      @Override public boolean hasNext() { return it.hasNext(); }
      @Override public Batch next() { return trim(it.next()); }
    };
  }

  /** The batch cut to its longest row; {@code b} is closed when a new one is made. */
  Batch trim(Batch b) {
    Shape shape = b.inputs().shape();
    int rows = (int) shape.get(0);
    boolean pairs = shape.numDimensions() == 3;
    int max = (int) shape.get(shape.numDimensions() - 1);
    int[] ids = new int[(int) shape.size()];
    ((TInt32) b.inputs()).asRawTensor().data().asInts().read(ids);
    int longest = 1;
    for (int r = 0; r < rows; r++) {
      // the ids row only: a pair's type-id row is 0 or 1, never read as padding
      int base = r * (pairs ? 2 * max : max);
      for (int p = max - 1; p >= longest; p--) {
        if (ids[base + p] != padId) {
          longest = p + 1;
          break;
        }
      }
    }
    if (longest == max) return b;
    int planes = pairs ? 2 : 1;
    int[] out = new int[rows * planes * longest];
    for (int r = 0; r < rows * planes; r++) System.arraycopy(ids, r * max, out, r * longest, longest);
    Shape cut = pairs ? Shape.of(rows, 2, longest) : Shape.of(rows, longest);
    IntDataBuffer data = DataBuffers.of(out, true, false);
    TInt32 x = TInt32.tensorOf(cut, data);
    TInt32 y = TInt32.vectorOf(readLabels(b.labels(), rows));
    b.close();
    return new Batch(x, y, rows);
  }

  private static int[] readLabels(TInt32 labels, int rows) {
    int[] y = new int[rows];
    labels.asRawTensor().data().asInts().read(y);
    return y;
  }
}
