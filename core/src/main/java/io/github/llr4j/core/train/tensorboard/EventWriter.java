package io.github.llr4j.core.train.tensorboard;

import io.github.llr4j.core.check.Require;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.SessionLog;
import org.tensorflow.proto.SummaryMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * A TensorBoard event file written by TensorFlow's own summary ops ({@code SummaryWriter},
 * {@code CreateSummaryFileWriter}, {@code WriteScalarSummary}, {@code WriteHistogramSummary},
 * {@code WriteImageSummary}, {@code WriteGraphSummary}, {@code FlushSummaryWriter},
 * {@code CloseSummaryWriter}, {@code WriteSummary} for text, {@code ImportEvent} for a session start) in a small graph and session of its own, so the training graph and
 * its step are untouched: values reach it as tensors or Java numbers.
 *
 * <p>Every writer creates a new file {@code events.out.tfevents.<seconds>.<host>.<pid>.<n>} in
 * its folder (TensorFlow's name: pid and counter keep two writers of one process apart), so a resumed run appends a file
 * beside the earlier ones and TensorBoard merges them. The writes of one call run in the order
 * given (chained by control dependencies): TensorBoard may drop data when a tag's steps go
 * backwards inside a file. TensorFlow queues events and writes them at {@link #flush()}, at
 * {@link #close()} and at the latest every minute.
 */
public final class EventWriter implements AutoCloseable {
  /** Events TensorFlow may hold before it writes them out; {@link #flush()} decides when, mostly. */
  private static final int MAX_QUEUE = 100_000;
  private static final int FLUSH_MILLIS = 60_000;

  private final Path dir;
  private final Graph graph = new Graph();
  private final Session session;
  private final Ops tf;
  private final Operand<?> writer;
  private final Placeholder<TInt64> step;
  private final Placeholder<TString> tag;
  private final Placeholder<TFloat32> values;
  private final Placeholder<TUint8> image;
  private final Placeholder<TString> serialized;
  private final Op histogram;
  private final Op imageOp;
  private final Op graphOp;
  private final Op textOp;
  private final Op importOp;
  private final Op flush;
  private final Op closeOp;
  /** Scalar-batch writers by (power-of-two) batch size, built on first use. */
  private final Map<Integer, ScalarBatch> batches = new HashMap<>();
  private boolean closed;

  /** Opens a new event file in {@code dir} (created if missing). */
  public EventWriter(Path dir) {
    Require.notNull("dir", dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the TensorBoard folder " + dir + ": " + e.getMessage(), e);
    }
    this.dir = dir;
    boolean ok = false;
    Session s = null;
    try {
      tf = Ops.create(graph);
      writer = tf.summary.summaryWriter(SummaryWriter.sharedName("llr4j_events"));
      step = tf.withName("step").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      tag = tf.withName("tag").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      values = tf.withName("values").placeholder(TFloat32.class, Placeholder.shape(Shape.unknown()));
      image = tf.withName("image").placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, -1)));
      serialized = tf.withName("serialized").placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Op create = tf.summary.createSummaryFileWriter(writer, tf.constant(dir.toAbsolutePath().toString()),
          tf.constant(MAX_QUEUE), tf.constant(FLUSH_MILLIS), tf.constant(""));
      histogram = tf.summary.writeHistogramSummary(writer, step, tag, values);
      imageOp = tf.summary.writeImageSummary(writer, step, tag, image,
          tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255}).asOutput().expect(TUint8.class),
          WriteImageSummary.maxImages(1L));
      graphOp = tf.summary.writeGraphSummary(writer, step, serialized);
      // the text plugin reads a string tensor whose metadata names it (tf.summary.text writes the same)
      byte[] textPlugin = SummaryMetadata.newBuilder()
          .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName("text")).build().toByteArray();
      try (TString metadata = TString.tensorOfBytes(NdArrays.scalarOfObject(textPlugin))) {
        textOp = tf.summary.writeSummary(writer, step, serialized, tag, tf.constantOf(metadata));
      }
      importOp = tf.summary.importEvent(writer, serialized);
      flush = tf.summary.flushSummaryWriter(writer);
      closeOp = tf.summary.closeSummaryWriter(writer);
      // inter-op threads < 0: every op runs in the caller's thread. The writes are chained and tiny, so a
      // hand-off to a pool thread per op would cost more than the op (measured: ~50 us per value on a busy machine)
      session = s = new Session(graph, ConfigProto.newBuilder().setInterOpParallelismThreads(-1)
          .setIntraOpParallelismThreads(1).build());
      s.runner().addTarget(create).run();
      ok = true;
    } finally {
      if (!ok) {
        if (s != null) s.close();
        graph.close();
      }
    }
  }

  public Path dir() {
    return dir;
  }

  /** Writes {@code value} as scalar {@code tag} at {@code step}. */
  public void scalar(String tag, long step, double value) {
    scalars(new String[] {tag}, new long[] {step}, new float[] {(float) value}, 1);
  }

  /**
   * Writes the first {@code n} entries (tag, step, value) as scalars, in the order given, in one
   * session run per power-of-two chunk of {@code n} (the graph holds one cached write group per
   * chunk size, so it stops growing after a few sizes).
   */
  public void scalars(String[] tags, long[] steps, float[] values, int n) {
    requireOpen();
    Require.that(n >= 1 && n <= tags.length && n <= steps.length && n <= values.length, "n",
        "be in [1, " + Math.min(tags.length, Math.min(steps.length, values.length)) + "]", n);
    for (int from = 0; from < n; ) {
      int size = Integer.highestOneBit(n - from);
      ScalarBatch b = batches.computeIfAbsent(size, ScalarBatch::new);
      try (TString tt = TString.vectorOf(Arrays.copyOfRange(tags, from, from + size));
          TInt64 st = TInt64.vectorOf(Arrays.copyOfRange(steps, from, from + size));
          TFloat32 vt = TFloat32.vectorOf(Arrays.copyOfRange(values, from, from + size))) {
        session.runner().feed(b.tags, tt).feed(b.steps, st).feed(b.values, vt).addTarget(b.write).run();
      }
      from += size;
    }
  }

  /** A histogram of {@code values} (any shape) as {@code tag} at {@code step}. */
  public void histogram(String tag, long step, TFloat32 values) {
    requireOpen();
    try (TString t = TString.scalarOf(tag); TInt64 s = TInt64.scalarOf(step)) {
      session.runner().feed(this.tag, t).feed(this.step, s).feed(this.values, values).addTarget(histogram).run();
    }
  }

  /** One image {@code [1, height, width, channels]} (channels 1, 3 or 4) as {@code tag} at {@code step}. */
  public void image(String tag, long step, TUint8 pixels) {
    requireOpen();
    long c = pixels.shape().numDimensions() == 4 ? pixels.shape().get(3) : 0;
    Require.that(pixels.shape().numDimensions() == 4 && pixels.shape().get(0) == 1 && (c == 1 || c == 3 || c == 4),
        "image", "have shape [1, height, width, 1|3|4]", pixels.shape());
    try (TString t = TString.scalarOf(tag); TInt64 s = TInt64.scalarOf(step)) {
      session.runner().feed(this.tag, t).feed(this.step, s).feed(image, pixels).addTarget(imageOp).run();
    }
  }

  /** The graph {@code graphDef} (a serialized {@code GraphDef}) at {@code step}, for TensorBoard's graph view. */
  public void graph(long step, byte[] graphDef) {
    requireOpen();
    try (TString g = TString.tensorOfBytes(NdArrays.scalarOfObject(graphDef)); TInt64 s = TInt64.scalarOf(step)) {
      session.runner().feed(serialized, g).feed(this.step, s).addTarget(graphOp).run();
    }
  }

  /** {@code text} (Markdown) as {@code tag} at {@code step}, for TensorBoard's text view. */
  public void text(String tag, long step, String text) {
    requireOpen();
    try (TString t = TString.scalarOf(tag); TInt64 s = TInt64.scalarOf(step); TString v = TString.scalarOf(text)) {
      session.runner().feed(this.tag, t).feed(this.step, s).feed(serialized, v).addTarget(textOp).run();
    }
  }

  /**
   * A session start at {@code step}: TensorBoard's event loader then drops the data an earlier
   * writer logged at this step or later (a resumed run repeats the steps after its checkpoint).
   */
  public void sessionStart(long step) {
    requireOpen();
    Event e = Event.newBuilder().setWallTime(System.currentTimeMillis() / 1e3).setStep(step)
        .setSessionLog(SessionLog.newBuilder().setStatus(SessionLog.SessionStatus.START)).build();
    try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(e.toByteArray()))) {
      session.runner().feed(serialized, t).addTarget(importOp).run();
    }
  }

  /** Writes every queued event to the file. */
  public void flush() {
    requireOpen();
    session.runner().addTarget(flush).run();
  }

  private void requireOpen() {
    if (closed) throw new IllegalStateException("the event writer of " + dir + " is closed");
  }

  /** Flushes and closes the file; a second call does nothing. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      session.runner().addTarget(closeOp).run();
    } finally {
      session.close();
      graph.close();
    }
  }

  /** {@code n} scalar writes fed as three vectors, each write after the previous one. */
  private final class ScalarBatch {
    final Placeholder<TString> tags;
    final Placeholder<TInt64> steps;
    final Placeholder<TFloat32> values;
    final Op write;

    ScalarBatch(int n) {
      Ops s = tf.withSubScope("scalars_" + n);
      tags = s.placeholder(TString.class, Placeholder.shape(Shape.of(n)));
      steps = s.placeholder(TInt64.class, Placeholder.shape(Shape.of(n)));
      values = s.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n)));
      // one Unstack per vector instead of three Gathers per entry: the executor's cost is per op
      List<Output<TString>> t = s.unstack(tags, (long) n).output();
      List<Output<TInt64>> st = s.unstack(steps, (long) n).output();
      List<Output<TFloat32>> v = s.unstack(values, (long) n).output();
      Op last = null;
      for (int i = 0; i < n; i++) {
        Ops at = last == null ? s : s.withControlDependencies(List.of(last));
        last = at.summary.writeScalarSummary(writer, st.get(i), t.get(i), v.get(i));
      }
      write = last;
    }
  }
}
