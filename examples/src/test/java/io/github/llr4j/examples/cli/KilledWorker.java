package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.dist.LocalPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

/**
 * Two worker processes of one cluster command in which worker 1 dies at its 2nd training step (a
 * halt, as if killed by SIGKILL); what worker 0 then did. The processes are always destroyed.
 */
final class KilledWorker {
  /** Worker 0's exit code, its log, the seconds from worker 1's death to its exit, and the cluster. */
  record Outcome(int survivorExit, String survivorLog, double secondsAfterDeath, List<String> cluster) {}

  private KilledWorker() {}

  /** {@code args} gives a worker's program arguments from its rank and the {@code --cluster} value. */
  static Outcome run(Path logs, BiFunction<Integer, String, List<String>> args) throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    List<Process> workers = new ArrayList<>();
    try {
      for (int rank = 0; rank < 2; rank++) {
        String[] jvm = rank == 1 ? new String[] {"-Dllr4j.test.halt-at=trainer:step#2"} : new String[0];
        workers.add(Llr4jProcess.start(args.apply(rank, String.join(",", cluster)),
            logs.resolve("worker" + rank + ".log"), jvm));
      }
      assertThat(workers.get(1).waitFor(240, TimeUnit.SECONDS)).isTrue();
      assertThat(workers.get(1).exitValue()).isEqualTo(137);
      long died = System.nanoTime();
      assertThat(workers.get(0).waitFor(120, TimeUnit.SECONDS)).as("worker 0 must stop by itself").isTrue();
      double seconds = (System.nanoTime() - died) / 1e9;
      return new Outcome(workers.get(0).exitValue(), Files.readString(logs.resolve("worker0.log")), seconds, cluster);
    } finally {
      for (Process p : workers) p.destroyForcibly();
    }
  }
}
