package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.run.RunStoppedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Server;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;

/**
 * This process as one worker of a synchronous data-parallel run on TensorFlow's distributed
 * runtime: its gRPC server, a session on it, its share of every global batch, and the all-reduce
 * ops that make the step global. See the package documentation for the protocol and its reasons.
 *
 * <p>The step it builds: worker r holds n_r rows of a global batch of n = sum n_r rows and its
 * local mean loss L_r. One all-reduce of (n_r L_r, n_r) gives the global mean loss L = sum n_r L_r
 * / n, on which the reshaped objective is built (so L, L0, x = L/L0 and f'(x) are the global
 * batch's); back-propagation starts at L_r with dy = f'(x) n_r / n, and one all-reduce (sum) of
 * the concatenated gradients gives f'(x) grad L on every worker, which then apply the same update.
 */
public final class Replica {

  /** TF-Java 1.0.0 cannot stop a server ("Clean shutdown is not currently implemented"): one per port per process. */
  private static final Map<Integer, Server> SERVERS = new ConcurrentHashMap<>();

  private final ClusterSpec cluster;
  private final Duration timeout;
  private final Collectives collectives;
  private final GradientExchange exchange;
  private final ChiefWatchdog watchdog;

  private Replica(ClusterSpec cluster, Duration timeout, Consumer<RunStoppedException> onChiefLost) {
    this.cluster = cluster;
    this.timeout = timeout;
    this.watchdog = new ChiefWatchdog(cluster, timeout, onChiefLost);
    this.collectives = new Collectives(Collectives.TRAINING_GROUP, cluster.size(), timeout.toMillis() / 1000f);
    this.exchange = new CollectiveExchange(collectives);
  }

  /**
   * Starts this worker's TensorFlow server (it lives until the process exits) and returns the
   * replica. {@code timeout} bounds every wait for another worker: a collective that does not
   * complete within it (a worker died or never joined) fails the step with a message naming the
   * workers that do not answer. On a worker of rank > 0 a lost rank 0 ends the process instead
   * (see {@link #join(ClusterSpec, Duration, Consumer)}, whose default this is): it prints the
   * reason on stderr and exits with code 2.
   */
  public static Replica join(ClusterSpec cluster, Duration timeout) {
    return join(cluster, timeout, exitProcess(""));
  }

  /**
   * The default handler of a lost rank 0: prints {@code prefix} (e.g. the program's name) and the
   * reason on stderr and exits with code 2, running the JVM's shutdown hooks (halting 20 s later
   * should one of them block).
   */
  public static Consumer<RunStoppedException> exitProcess(String prefix) {
    return ChiefWatchdog.exitProcess(prefix);
  }

  /**
   * As {@link #join(ClusterSpec, Duration)}, with {@code onChiefLost} called (once, on a watchdog
   * thread) when this worker of rank > 0 waits for rank 0 and rank 0's server has not accepted a
   * connection for {@code timeout}: it died or never started. Why a handler and not an exception
   * from {@code fit()}: the training thread is then blocked in a native {@code Session.run} that
   * TensorFlow never ends (its collective retries rank 0 without end, whatever the timeouts) and
   * that Java cannot interrupt; so the handler should end the process, after any cleanup of its
   * own. If it returns, the training thread stays blocked until the process ends. Rank 0 never
   * calls it (its collectives time out and {@code fit()} throws {@link RunStoppedException}).
   */
  public static Replica join(ClusterSpec cluster, Duration timeout, Consumer<RunStoppedException> onChiefLost) {
    Require.notNull("cluster", cluster);
    Require.that(timeout != null && timeout.toMillis() >= 1000, "distributed timeout", "be at least 1 s", timeout);
    Require.notNull("onChiefLost", onChiefLost);
    Replica r = new Replica(cluster, timeout, onChiefLost);
    SERVERS.computeIfAbsent(cluster.port(), p -> {
      Server s = new Server(cluster.serverDef(r.sessionConfig()));
      s.start();
      return s;
    });
    return r;
  }

  private org.tensorflow.proto.ConfigProto sessionConfig() {
    // a back-stop for any blocking op; the collectives' own timeout is the one that normally fires
    return cluster.sessionConfig(2 * timeout.toMillis() + 30_000);
  }

  public ClusterSpec cluster() { return cluster; }
  public Duration timeout() { return timeout; }
  public boolean isChief() { return cluster.isChief(); }

  /** A session on this worker's server for {@code graph}. */
  public Session openSession(Graph graph) {
    return RemoteSession.open(graph, cluster.target(), sessionConfig());
  }

  /** This worker's rows of {@code global} (a new batch; the caller closes both). */
  public Batch shard(Batch global) {
    return BatchShard.of(global, cluster.rank(), cluster.size());
  }

  /**
   * Marks a session run that waits for the other workers (a training step, the start-of-run
   * broadcast) until the returned handle is closed: meanwhile a worker of rank > 0 watches rank 0
   * (see {@link #join(ClusterSpec, Duration, Consumer)}). Runs that need no other worker
   * (evaluation) are not marked: rank 0 may be gone after its last step while this worker still
   * evaluates.
   */
  public PeerWait awaitingPeers() {
    return watchdog.arm();
  }

  /** A run that waits for the other workers; {@link #close} ends it (no checked exception). */
  public interface PeerWait extends AutoCloseable {
    @Override
    void close();
  }

  /** The loss and gradient all-reduces of this worker's training step. */
  public GradientExchange exchange() { return exchange; }

  /**
   * The start-of-run broadcast from rank 0 (see {@link ChiefBroadcast}); build it after every
   * variable of {@code graph}, on every worker, at the same point of graph construction (its
   * collectives are paired by build order).
   */
  public ChiefBroadcast chiefBroadcast(Ops tf, Graph graph, int stateLength) {
    return ChiefBroadcast.build(tf, graph, collectives, isChief(), stateLength);
  }

  /** Floats this worker contributes to the all-reduces of one step (gradients and the loss pair). */
  public long floatsPerStep() { return collectives.floatsPerRun(); }

  /**
   * Bytes this worker sends per step with the ring all-reduce (reduce-scatter then all-gather):
   * 2 (N-1)/N times the payload, float32.
   */
  public long bytesSentPerStep() {
    return ringBytesSent(floatsPerStep(), cluster.size());
  }

  static long ringBytesSent(long floats, int workers) {
    return 2L * (workers - 1) * floats * Float.BYTES / workers;
  }

  /**
   * A runtime error of a step on this worker, reworded: which worker this is, which peers do not
   * answer, and the timeout that stopped the wait. TensorFlow's own message stays as the cause.
   */
  public RuntimeException failure(TensorFlowException e) {
    return stopped("TensorFlow said: " + firstLine(e), e);
  }

  /**
   * The same message for a wait that ended some other way ({@code detail} says how; {@code cause}
   * may be null): which worker this is, which peers do not answer, and the timeout.
   */
  RunStoppedException stopped(String detail, Throwable cause) {
    List<String> missing = PeerProbe.unreachable(cluster, 2000);
    String who = missing.isEmpty() ? "every other worker's server answers, so one of them failed or fell behind by"
        + " more than the timeout (see its log)" : String.join(", ", missing) + " does not answer (died or never joined)";
    return new RunStoppedException("distributed training stopped on " + cluster + ": " + who + "; a collective"
        + " waits at most " + timeout.toSeconds() + " s (--dist-timeout); start all workers again. " + detail, cause);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
