package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.run.RunStoppedException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TInt32;

/**
 * Small messages (results, plans: kilobytes) from every worker of a cluster to every other, over
 * the same collective all-reduce the training step uses, for work that is not one synchronous
 * training: e.g. a sweep whose runs each train on one worker while the workers stay in touch.
 *
 * <p>A background thread runs rounds, each one all-reduce (sum) of an int32 vector with one slot
 * per worker: worker r writes a header and up to {@value #CHUNK_BYTES} bytes of its oldest unsent
 * message (4 bytes per int32) into slot r and zeros elsewhere, so the sum holds every worker's
 * slot exactly. Longer messages travel in several rounds and are delivered whole. The rounds also
 * carry liveness: a worker that dies or never joins makes the next round fail within the replica's
 * timeout on every other worker, and {@link #next} then throws a {@link RunStoppedException}
 * naming it. Should a round hang without its timeout firing (TensorFlow retries some calls to a
 * dead group leader without end), {@link #next} gives up after the timeout plus {@value
 * #STALL_GRACE_SECONDS} s without a completed round, with the same message.
 *
 * <p>A worker calls {@link #finish} when it will post nothing more; the rounds end on every worker
 * after the first round in which every worker had finished and sent everything, which all workers
 * see in the same round (they all receive the same sum).
 */
public final class ClusterMailbox implements AutoCloseable {
  /** Its own collective group, apart from training graphs and timing. */
  private static final long GROUP = 3;
  static final int CHUNK_BYTES = 16 * 1024;
  private static final int HEADER = 3;
  private static final int SLOT = HEADER + CHUNK_BYTES / 4;
  private static final int STALL_GRACE_SECONDS = 15;
  private static final int HAS_CHUNK = 1;
  private static final int LAST_CHUNK = 2;
  private static final int FINISHED = 4;

  /** A whole message and the rank of the worker that posted it. */
  public record Message(int from, byte[] body) {}

  private static final Message END = new Message(-1, new byte[0]);

  private final Replica replica;
  private final long idleMillis;
  private final Deque<byte[]> outbox = new ArrayDeque<>();
  private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean finished;
  private volatile boolean closed;
  private volatile RuntimeException failure;
  private volatile long lastRoundNanos = System.nanoTime();
  private volatile long rounds;
  private boolean ended;

  private ClusterMailbox(Replica replica, Duration idle) {
    this.replica = replica;
    this.idleMillis = idle.toMillis();
    this.thread = new Thread(this::loop, "cluster-mailbox-" + replica.cluster().rank());
    thread.setDaemon(true);
  }

  /**
   * Starts the rounds on {@code replica}'s server; {@code idle} is the pause between rounds when
   * this worker has nothing to send (they block until every worker joins them anyway).
   */
  public static ClusterMailbox start(Replica replica, Duration idle) {
    Require.notNull("replica", replica);
    Require.that(idle != null && !idle.isNegative(), "mailbox pause", "be >= 0", idle);
    ClusterMailbox m = new ClusterMailbox(replica, idle);
    m.thread.start();
    return m;
  }

  /** Queues {@code body} for every other worker. */
  public void post(byte[] body) {
    Require.notNull("message", body);
    if (finished) throw new IllegalStateException("this worker already called finish()");
    synchronized (outbox) {
      outbox.add(body.clone());
    }
  }

  /** This worker posts nothing more; the rounds end once every worker has finished and sent all. */
  public void finish() {
    finished = true;
  }

  /** Rounds completed so far (all workers take part in every round). */
  public long rounds() { return rounds; }

  /**
   * The next message from another worker, waiting at most {@code wait}: null when none came in
   * that time or when the rounds have ended ({@link #ended} tells which). Throws the failure that
   * stopped the rounds: a worker that died, never joined or stopped answering.
   */
  public Message next(Duration wait) {
    if (ended) return null;
    Message m;
    try {
      m = inbox.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the other workers", e);
    }
    if (m == END) {
      ended = true;
      if (failure != null) throw failure;
      return null;
    }
    if (m == null && failure == null) {
      long quiet = System.nanoTime() - lastRoundNanos;
      if (quiet > TimeUnit.SECONDS.toNanos(replica.timeout().toSeconds() + STALL_GRACE_SECONDS)) {
        closed = true;
        ended = true;
        throw replica.stopped("No round of the cluster mailbox completed for " + quiet / 1_000_000_000L + " s.", null);
      }
    }
    return m;
  }

  /** True once every worker has finished and every message was delivered (or the rounds failed). */
  public boolean ended() { return ended; }

  /** Stops taking part in rounds (the others then stop within their timeout, naming this worker). */
  @Override
  public void close() {
    closed = true;
  }

  private void loop() {
    int n = replica.cluster().size();
    int rank = replica.cluster().rank();
    ByteArrayOutputStream[] partial = new ByteArrayOutputStream[n];
    for (int i = 0; i < n; i++) partial[i] = new ByteArrayOutputStream();
    byte[] sending = null;
    int sent = 0;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g).withSubScope("mailbox");
      Placeholder<TInt32> in = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of((long) n * SLOT)));
      Operand<TInt32> sum = new Collectives(GROUP, n, replica.timeout().toMillis() / 1000f).sumOnce(tf, in);
      try (Session session = replica.openSession(g)) {
        while (!closed) {
          int[] all = new int[n * SLOT];
          boolean lastOfMine = false;
          synchronized (outbox) {
            if (sending == null && !outbox.isEmpty()) {
              sending = outbox.poll();
              sent = 0;
            }
            int flags = 0;
            if (sending != null) {
              int len = Math.min(CHUNK_BYTES, sending.length - sent);
              pack(sending, sent, len, all, rank * SLOT + HEADER);
              all[rank * SLOT + 1] = len;
              sent += len;
              flags |= HAS_CHUNK;
              if (sent == sending.length) {
                flags |= LAST_CHUNK;
                lastOfMine = true;
              }
            }
            // finished only once nothing is left after this chunk: every message reaches the others
            if (finished && outbox.isEmpty() && (sending == null || lastOfMine)) flags |= FINISHED;
            all[rank * SLOT] = flags;
          }
          if (lastOfMine) sending = null;
          int[] summed = round(session, in, sum, all);
          lastRoundNanos = System.nanoTime();
          rounds++;
          boolean everyoneFinished = true;
          for (int w = 0; w < n; w++) {
            int flags = summed[w * SLOT];
            if ((flags & FINISHED) == 0) everyoneFinished = false;
            if (w == rank || (flags & HAS_CHUNK) == 0) continue;
            int len = summed[w * SLOT + 1];
            if (len < 0 || len > CHUNK_BYTES)
              throw new IllegalStateException("worker " + w + " sent a chunk of " + len + " bytes (at most " + CHUNK_BYTES + ")");
            partial[w].write(unpack(summed, w * SLOT + HEADER, len), 0, len);
            if ((flags & LAST_CHUNK) != 0) {
              inbox.add(new Message(w, partial[w].toByteArray()));
              partial[w].reset();
            }
          }
          if (everyoneFinished) break;
          boolean idle;
          synchronized (outbox) {
            idle = sending == null && outbox.isEmpty();
          }
          if (idle && idleMillis > 0) Thread.sleep(idleMillis);
        }
      }
    } catch (TensorFlowException e) {
      failure = replica.failure(e);
    } catch (InterruptedException e) {
      failure = new IllegalStateException("the cluster mailbox was interrupted", e);
    } catch (RuntimeException e) {
      failure = e;
    } finally {
      inbox.add(END);
    }
  }

  private static int[] round(Session session, Placeholder<TInt32> in, Operand<TInt32> sum, int[] mine) {
    try (TInt32 t = TInt32.tensorOf(Shape.of(mine.length), DataBuffers.of(mine, true, false));
        Result r = session.runner().feed(in, t).fetch(sum).run()) {
      int[] out = new int[mine.length];
      ((TInt32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /** Bytes {@code [from, from + len)} of {@code src}, four per int (big-endian), into {@code dst} at {@code at}. */
  static void pack(byte[] src, int from, int len, int[] dst, int at) {
    for (int i = 0; i < len; i++) dst[at + i / 4] |= (src[from + i] & 0xff) << (24 - 8 * (i % 4));
  }

  /** The inverse of {@link #pack}. */
  static byte[] unpack(int[] src, int at, int len) {
    byte[] out = new byte[len];
    for (int i = 0; i < len; i++) out[i] = (byte) (src[at + i / 4] >>> (24 - 8 * (i % 4)));
    return out;
  }
}
