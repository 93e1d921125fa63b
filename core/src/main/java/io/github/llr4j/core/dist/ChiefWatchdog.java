package io.github.llr4j.core.dist;

import io.github.llr4j.core.run.RunStoppedException;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Ends the wait of a worker of rank > 0 whose rank 0 is gone. Why it exists: such a worker's
 * collective asks rank 0's server for a step sequence ({@code WorkerService/GetStepSequence}) and
 * gRPC retries that without end while rank 0 is unreachable; neither the collective's timeout, nor
 * the session's {@code operation_timeout_in_ms}, nor {@code RunOptions.timeout_in_ms} ends it, and
 * the blocked native {@code Session.run} cannot be interrupted from Java.
 *
 * <p>While a run that waits for the other workers is in progress ({@link #arm}), a daemon thread
 * probes rank 0's server port ({@link PeerProbe}, a TCP connect) about every second. When rank 0 has
 * not answered for the timeout, counted from the start of the wait or from its last answer, the
 * failure handler gets a {@link RunStoppedException} naming rank 0, once. A run shorter than one
 * probe interval costs two volatile writes and no probe. Rank 0 itself is not watched: its
 * collectives do time out (it leads the group), and {@link Replica#failure} names the missing workers.
 */
final class ChiefWatchdog {
  private final ClusterSpec cluster;
  private final Duration timeout;
  private final Consumer<RunStoppedException> onLost;
  private final long intervalMs;
  private final Object lock = new Object();
  /** Runs in progress that wait for the others (a trainer and its evaluation may overlap on other threads). */
  private int armed;
  /** When rank 0 last answered, or when the current wait began (System.nanoTime). */
  private long lastAnswer;
  private boolean fired;
  private Thread thread;

  ChiefWatchdog(ClusterSpec cluster, Duration timeout, Consumer<RunStoppedException> onLost) {
    this.cluster = cluster;
    this.timeout = timeout;
    this.onLost = onLost;
    // several probes within the timeout, at most one a second (timeout >= 1 s, so at least 250 ms apart)
    this.intervalMs = Math.min(1000, timeout.toMillis() / 4);
  }

  /** Marks a run that waits for rank 0 until the returned handle is closed. No-op on rank 0. */
  Replica.PeerWait arm() {
    if (cluster.isChief()) return () -> {};
    synchronized (lock) {
      if (armed++ == 0) lastAnswer = System.nanoTime();
      if (thread == null) {
        thread = new Thread(this::watch, "llr4j-chief-watchdog");
        thread.setDaemon(true);
        thread.start();
      }
      lock.notifyAll();
    }
    return () -> {
      synchronized (lock) {
        armed--;
      }
    };
  }

  /** The message of a lost rank 0, as the other failures of a data-parallel run word it. */
  RunStoppedException lost(long silentMs) {
    return new RunStoppedException("distributed training stopped on " + cluster + ": worker 0 (" + cluster.address(0)
        + ") does not answer (died or never joined); this worker waits at most " + timeout.toSeconds()
        + " s for it (--dist-timeout) and heard nothing for " + (silentMs / 1000) + " s; start all workers again");
  }

  private void watch() {
    try {
      while (true) {
        synchronized (lock) {
          while (armed == 0 || fired) lock.wait();
        }
        Thread.sleep(intervalMs);
        boolean answers = PeerProbe.answers(cluster, 0, (int) intervalMs);
        long now = System.nanoTime();
        long silentMs;
        synchronized (lock) {
          if (armed == 0) continue;
          if (answers) {
            lastAnswer = now;
            continue;
          }
          silentMs = (now - lastAnswer) / 1_000_000;
          if (silentMs < timeout.toMillis()) continue;
          fired = true;
        }
        // outside the lock: the default handler ends the process, whose shutdown hooks may take a while
        onLost.accept(lost(silentMs));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The default failure handler: prints {@code prefix} and the reason on stderr and ends the process
   * with exit code 2 (the CLI's code for a stopped run). The JVM's shutdown hooks run (temporary
   * folders are deleted); should one of them block, the process is halted 20 s later.
   */
  static Consumer<RunStoppedException> exitProcess(String prefix) {
    return reason -> {
      System.err.println(prefix + reason.getMessage());
      System.err.flush();
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(20_000);
        } catch (InterruptedException e) {
          return;
        }
        Runtime.getRuntime().halt(2);
      }, "llr4j-halt");
      halt.setDaemon(true);
      halt.start();
      System.exit(2);
    };
  }
}
