package io.github.llr4j.core.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.run.RunStoppedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Messages between two workers (two servers in this JVM) arrive whole and byte for byte, also one
 * longer than a round's chunk; the rounds end on both workers once both finished; a worker that
 * never joins stops the other within the timeout, naming it.
 */
class ClusterMailboxTest {

  @Test
  void packingFourBytesPerIntIsExactForEveryByteValue() {
    byte[] all = new byte[259];
    for (int i = 0; i < all.length; i++) all[i] = (byte) (i - 128);
    int[] ints = new int[2 + all.length / 4 + 1];
    ClusterMailbox.pack(all, 0, all.length, ints, 2);
    assertThat(ClusterMailbox.unpack(ints, 2, all.length)).isEqualTo(all);
  }

  @Test
  @Timeout(120)
  void messagesArriveWholeAndTheRoundsEndWhenEveryWorkerFinished() {
    List<String> cluster = LocalPorts.addresses(2);
    ClusterMailbox chief = ClusterMailbox.start(Replica.join(new ClusterSpec(cluster, 0), Duration.ofSeconds(20)),
        Duration.ofMillis(50));
    ClusterMailbox worker = ClusterMailbox.start(Replica.join(new ClusterSpec(cluster, 1), Duration.ofSeconds(20)),
        Duration.ofMillis(50));
    byte[] small = "{\"row\": 1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] large = new byte[2 * ClusterMailbox.CHUNK_BYTES + 5]; // three rounds
    new Random(3).nextBytes(large);
    chief.post(new byte[] {42});
    worker.post(small);
    worker.post(large);
    worker.post(new byte[0]);
    worker.finish();
    chief.finish();

    List<ClusterMailbox.Message> atChief = drain(chief);
    List<ClusterMailbox.Message> atWorker = drain(worker);
    assertThat(atChief).hasSize(3);
    assertThat(atChief).allSatisfy(m -> assertThat(m.from()).isEqualTo(1));
    assertThat(atChief.get(0).body()).isEqualTo(small);
    assertThat(atChief.get(1).body()).isEqualTo(large);
    assertThat(atChief.get(2).body()).isEmpty();
    assertThat(atWorker).hasSize(1);
    assertThat(atWorker.get(0).from()).isZero();
    assertThat(atWorker.get(0).body()).containsExactly(42);
    // both took part in the same rounds: at least the three chunks of the large message
    assertThat(chief.rounds()).isEqualTo(worker.rounds()).isGreaterThanOrEqualTo(4);
  }

  private static List<ClusterMailbox.Message> drain(ClusterMailbox box) {
    List<ClusterMailbox.Message> out = new ArrayList<>();
    while (!box.ended()) {
      ClusterMailbox.Message m = box.next(Duration.ofMillis(200));
      if (m != null) out.add(m);
    }
    return out;
  }

  @Test
  @Timeout(120)
  void aWorkerThatNeverJoinsStopsTheOtherWithinTheTimeoutNamingIt() {
    // the 3 s collective timeout plus the 2 s probe and slack for a loaded machine; far below "hangs"
    double seconds = secondsUntilAloneStops(0, 3, "worker 1", "at most 3 s");
    assertThat(seconds).isLessThan(30);
  }

  /**
   * Rank 0 never starts: TensorFlow retries the group leader without end (the known bug of
   * data-parallel training), so here the mailbox's own watchdog stops the wait: timeout + 15 s.
   */
  @Test
  @Timeout(120)
  void aWorkerWhoseChiefNeverStartsStopsAfterTheTimeoutPlusTheGrace() {
    double seconds = secondsUntilAloneStops(1, 2, "worker 0", "No round of the cluster mailbox completed");
    assertThat(seconds).isGreaterThan(16).isLessThan(40);
  }

  /**
   * Worker {@code rank} of two starts alone with a collective timeout of {@code timeoutSeconds}:
   * its mailbox stops naming {@code missing} (and its address) and saying {@code detail}; the seconds it took.
   */
  private static double secondsUntilAloneStops(int rank, int timeoutSeconds, String missing, String detail) {
    List<String> cluster = LocalPorts.addresses(2);
    ClusterMailbox alone = ClusterMailbox.start(Replica.join(new ClusterSpec(cluster, rank),
        Duration.ofSeconds(timeoutSeconds)), Duration.ofMillis(50));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> drain(alone))
        .isInstanceOf(RunStoppedException.class)
        .hasMessageContaining(missing + " (" + cluster.get(1 - rank) + ") does not answer")
        .hasMessageContaining(detail);
    return (System.nanoTime() - t0) / 1e9;
  }
}
