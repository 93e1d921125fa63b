package io.github.llr4j.core.data;

import java.lang.ref.WeakReference;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * In-memory examples (float32 values or int32 token ids, row major) with int labels, cut into
 * mini-batches.
 *
 * <p>Order: with shuffling, epoch {@code e} is a Fisher-Yates permutation drawn from a generator
 * seeded by a mix of (seed, e) only, so a resumed run sees the same batches as an uninterrupted
 * one. Without dropLast the last batch may be smaller.
 *
 * <p>Prefetch: with {@code prefetch > 0} a daemon worker thread prepares up to that many batches
 * ahead (copy, transform, tensor creation) in a bounded queue, so input preparation overlaps the
 * training step. {@link #inputWaitNanos()} counts the time consumers spent waiting for a batch;
 * divided by the wall time of an epoch it is the "input share" of reports.
 */
public final class ArrayBatches implements Batches {

  private final float[] floats;
  private final int[] tokens;
  private final int[] labels;
  private final Shape exampleShape;
  private final int exampleSize;
  private final int batchSize;
  private final long seed;
  private final boolean shuffle;
  private final boolean dropLast;
  private final BatchTransform transform;
  private final int prefetch;
  private final AtomicLong waitNanos = new AtomicLong();

  private ArrayBatches(Builder b) {
    this.floats = b.floats;
    this.tokens = b.tokens;
    this.labels = b.labels;
    this.exampleShape = b.exampleShape;
    this.exampleSize = (int) b.exampleShape.size();
    this.batchSize = b.batchSize;
    this.seed = b.seed;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.transform = b.transform;
    this.prefetch = b.prefetch;
  }

  /** Float32 examples: {@code values.length == labels.length * exampleShape.size()}. */
  public static Builder ofFloats(float[] values, Shape exampleShape, int[] labels) {
    return new Builder(values, null, exampleShape, labels);
  }

  /** Int32 token examples: {@code tokens.length == labels.length * exampleShape.size()}. */
  public static Builder ofTokens(int[] tokens, Shape exampleShape, int[] labels) {
    return new Builder(null, tokens, exampleShape, labels);
  }

  @Override
  public Class<? extends TType> inputType() {
    return floats != null ? TFloat32.class : TInt32.class;
  }

  @Override
  public Shape exampleShape() {
    return exampleShape;
  }

  @Override
  public int size() {
    return labels.length;
  }

  public int batchSize() {
    return batchSize;
  }

  @Override
  public int batchesPerEpoch() {
    int n = labels.length;
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /** Total nanoseconds consumers have waited for a batch since creation or the last reset. */
  @Override
  public java.util.OptionalLong inputWaitNanosTotal() {
    return java.util.OptionalLong.of(inputWaitNanos());
  }

  public long inputWaitNanos() {
    return waitNanos.get();
  }

  public void resetInputWait() {
    waitNanos.set(0);
  }

  /** The example order of epoch {@code epoch}: a function of (seed, epoch) only. */
  public int[] order(int epoch) {
    if (epoch < 0) throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    int n = labels.length;
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) idx[i] = i;
    if (shuffle) {
      Random r = new Random(mix(seed, epoch, -1));
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
      }
    }
    return idx;
  }

  @Override
  public Iterator<Batch> epoch(int epoch) {
    int[] order = order(epoch);
    if (prefetch == 0) {
      return new Iterator<>() {
        int next = 0;

        @Override
        public boolean hasNext() {
          return next < batchesPerEpoch();
        }

        @Override
        public Batch next() {
          if (!hasNext()) throw new NoSuchElementException("epoch " + epoch + " has no more batches");
          long t0 = System.nanoTime();
          Batch b = make(order, epoch, next++);
          waitNanos.addAndGet(System.nanoTime() - t0);
          return b;
        }
      };
    }
    return new Prefetching(order, epoch);
  }

  private Batch make(int[] order, int epoch, int index) {
    int start = index * batchSize;
    int rows = Math.min(batchSize, labels.length - start);
    int[] y = new int[rows];
    for (int r = 0; r < rows; r++) y[r] = labels[order[start + r]];
    long[] dims = new long[exampleShape.numDimensions() + 1];
    dims[0] = rows;
    for (int d = 0; d < exampleShape.numDimensions(); d++) dims[d + 1] = exampleShape.get(d);
    Shape shape = Shape.of(dims);
    Tensor x;
    if (floats != null) {
      float[] buf = new float[rows * exampleSize];
      for (int r = 0; r < rows; r++)
        System.arraycopy(floats, order[start + r] * exampleSize, buf, r * exampleSize, exampleSize);
      if (transform != null) transform.apply(buf, rows, exampleShape, new Random(mix(seed, epoch, index)));
      x = TFloat32.tensorOf(shape, DataBuffers.of(buf, true, false));
    } else {
      int[] buf = new int[rows * exampleSize];
      for (int r = 0; r < rows; r++)
        System.arraycopy(tokens, order[start + r] * exampleSize, buf, r * exampleSize, exampleSize);
      x = TInt32.tensorOf(shape, DataBuffers.of(buf, true, false));
    }
    return new Batch(x, TInt32.vectorOf(y), rows);
  }

  private static long mix(long seed, int epoch, int index) {
    long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index * 0x165667B19E3779F9L;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    return h ^ (h >>> 29);
  }

  /**
   * Worker fills a bounded queue. An iterator abandoned before its last batch (evaluation on the
   * first N batches, an interrupted epoch) must not pin a thread and the queued native tensors for
   * the life of the process: the worker holds the iterator only weakly and, once it has been
   * collected, closes what it prepared and exits.
   */
  private final class Prefetching implements Iterator<Batch> {
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
    private final int total = batchesPerEpoch();
    private int taken = 0;

    Prefetching(int[] order, int epoch) {
      Thread t = new Thread(worker(queue, new WeakReference<>(this), total, maker(order, epoch)),
          "llr4j-prefetch-epoch-" + epoch);
      t.setDaemon(true);
      t.start();
    }

    @Override
    public boolean hasNext() {
      return taken < total;
    }

    @Override
    public Batch next() {
      if (!hasNext()) throw new NoSuchElementException("epoch has no more batches");
      long t0 = System.nanoTime();
      Object item;
      try {
        item = queue.poll(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for a batch", e);
      }
      waitNanos.addAndGet(System.nanoTime() - t0);
      if (item == null) throw new IllegalStateException("prefetch worker produced no batch in 10 minutes");
      if (item instanceof RuntimeException re) throw re;
      if (item instanceof Error er) throw er;
      taken++;
      return (Batch) item;
    }
  }

  /** Batch i of an epoch; a method of the outer class so the lambda does not capture an iterator. */
  private IntFunction<Batch> maker(int[] order, int epoch) {
    return i -> make(order, epoch, i);
  }

  /**
   * The prefetch loop. Static, so the thread references neither the iterator (only {@code owner},
   * weakly) nor anything that keeps it reachable; {@code make} captures the ArrayBatches, not the
   * iterator.
   */
  private static Runnable worker(BlockingQueue<Object> queue, WeakReference<?> owner, int total,
      IntFunction<Batch> make) {
    return () -> {
      try {
        for (int i = 0; i < total; i++) {
          Object item;
          try {
            item = make.apply(i);
          } catch (RuntimeException | Error e) {
            item = e;
          }
          while (!queue.offer(item, 200, TimeUnit.MILLISECONDS)) {
            if (owner.get() == null) {
              closeAll(item, queue);
              return;
            }
          }
          if (item instanceof Throwable) return;
        }
        // everything is queued; until the consumer has taken it, an abandoned iterator still
        // leaves batches to close
        while (!queue.isEmpty()) {
          if (owner.get() == null) {
            closeAll(null, queue);
            return;
          }
          Thread.sleep(200);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
  }

  private static void closeAll(Object item, BlockingQueue<Object> queue) {
    if (item instanceof Batch b) b.close();
    for (Object o; (o = queue.poll()) != null; ) if (o instanceof Batch b) b.close();
  }

  /** Settings of an {@link ArrayBatches}; every setter validates. */
  public static final class Builder {
    private final float[] floats;
    private final int[] tokens;
    private final int[] labels;
    private final Shape exampleShape;
    private int batchSize = 32;
    private long seed = 0;
    private boolean shuffle = true;
    private boolean dropLast = false;
    private BatchTransform transform;
    private int prefetch = 2;

    private Builder(float[] floats, int[] tokens, Shape exampleShape, int[] labels) {
      if (labels == null || labels.length == 0)
        throw new IllegalArgumentException("labels must be non-empty, got " + (labels == null ? "null" : "0 labels"));
      if (exampleShape == null || exampleShape.hasUnknownDimension() || exampleShape.size() < 1)
        throw new IllegalArgumentException("exampleShape must be fully known and non-empty, got " + exampleShape);
      long n = floats != null ? floats.length : tokens.length;
      if (n != labels.length * exampleShape.size())
        throw new IllegalArgumentException("values must have labels.length * exampleShape.size() = "
            + labels.length * exampleShape.size() + " elements, got " + n);
      this.floats = floats;
      this.tokens = tokens;
      this.labels = labels;
      this.exampleShape = exampleShape;
    }

    public Builder batchSize(int v) {
      if (v < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + v);
      batchSize = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder shuffle(boolean v) {
      shuffle = v;
      return this;
    }

    public Builder dropLast(boolean v) {
      dropLast = v;
      return this;
    }

    /** Only for float32 examples. */
    public Builder transform(BatchTransform v) {
      if (v != null && floats == null)
        throw new IllegalArgumentException("transform must be null for token examples, got " + v);
      transform = v;
      return this;
    }

    /** Batches prepared ahead by a worker thread; 0 prepares each batch on the caller's thread. */
    public Builder prefetch(int v) {
      if (v < 0) throw new IllegalArgumentException("prefetch must be >= 0, got " + v);
      prefetch = v;
      return this;
    }

    public ArrayBatches build() {
      if (dropLast && labels.length < batchSize)
        throw new IllegalArgumentException("batchSize must be <= " + labels.length
            + " examples when dropLast is set, got " + batchSize);
      return new ArrayBatches(this);
    }
  }
}
