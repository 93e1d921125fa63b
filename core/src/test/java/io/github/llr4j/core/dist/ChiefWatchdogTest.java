package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.run.RunStoppedException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A library caller's handler of a lost rank 0 ({@link Replica#join(ClusterSpec, Duration,
 * java.util.function.Consumer)}) on worker 1, with rank 0 played by a plain listening socket on its
 * port: nothing happens while no run waits for the others (rank 0 may have finished while this
 * worker evaluates) or while rank 0 answers; once it stops answering during a wait, the handler gets
 * the reason naming worker 0 after the timeout, not before.
 */
class ChiefWatchdogTest {

  @Test
  @Timeout(60)
  void theHandlerHearsOfALostRankZeroOnlyDuringAWaitAndAfterTheTimeout() throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    int chiefPort = Integer.parseInt(cluster.get(0).substring(cluster.get(0).lastIndexOf(':') + 1));
    CompletableFuture<RunStoppedException> lost = new CompletableFuture<>();
    Replica worker = Replica.join(new ClusterSpec(cluster, 1), Duration.ofSeconds(2), lost::complete);

    // rank 0 absent, but no run waits for it: 3 s (more than the timeout) pass without a call
    Thread.sleep(3000);
    assertThat(lost).as("no wait, no stop").isNotDone();

    try (ServerSocket chief = new ServerSocket()) {
      chief.bind(new InetSocketAddress("localhost", chiefPort));
      Replica.PeerWait wait = worker.awaitingPeers();
      // a wait twice the timeout while rank 0 answers (a slow rank 0, e.g. one that evaluates or saves)
      Thread.sleep(4000);
      assertThat(lost).as("rank 0 answers").isNotDone();
      chief.close();
      long closed = System.nanoTime();
      RunStoppedException e = lost.get(20, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - closed) / 1e9;
      wait.close();
      assertThat(e).hasMessageContaining("distributed training stopped on worker 1 of [")
          .hasMessageContaining("worker 0 (" + cluster.get(0) + ") does not answer (died or never joined)")
          .hasMessageContaining("at most 2 s");
      // the last answer came at most one probe interval (0.5 s) before the close; the margin is for a loaded machine
      assertThat(seconds).isGreaterThan(1.4).isLessThan(12);
    }
  }
}
