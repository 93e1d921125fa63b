package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.dist.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llr4j train} as two worker processes: {@code --local-workers 2} trains and only rank 0
 * writes the run folder; a worker killed mid-epoch (halted like SIGKILL at its 2nd step) makes the
 * other exit with code 2 within its timeout, naming the dead worker.
 */
class DataParallelCommandTest {

  @TempDir static Path data;

  @BeforeAll
  static void writeImages() throws IOException {
    TinyImages.write(data, 3, 32, 8);
  }

  private static List<String> train(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--dataset", "folder", "--data", data.toString(),
        "--model", "resnet20", "--epochs", "2", "--batch-size", "16", "--lr", "0.05", "--val-fraction", "0",
        "--log-every", "0", "--out", out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  @Timeout(300)
  void localWorkersTrainAndOnlyRankZeroWritesTheRunFolder(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    CliRun run = CliRun.of(train(out, "--local-workers", "2", "--dist-timeout", "30").toArray(String[]::new));
    assertThat(run.code()).as(run.err() + run.out()).isZero();
    assertThat(run.out()).contains("started 2 workers on localhost:").contains("[worker 1] ")
        .containsPattern("done: 2 epochs, 8 steps");
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"data_parallel\"").contains("\"workers\" : 2");
  }

  @Test
  @Timeout(300)
  void aKilledWorkerStopsTheOtherWithinTheTimeoutNamingIt(@TempDir Path tmp) throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    List<Process> workers = new ArrayList<>();
    try {
      for (int rank = 0; rank < 2; rank++) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path")));
        // worker 1 dies at its 2nd step, as if killed; worker 0 must not hang
        if (rank == 1) cmd.add("-Dllr4j.test.halt-at=trainer:step#2");
        cmd.add(io.github.llr4j.examples.Llr4j.class.getName());
        cmd.addAll(train(tmp.resolve("run" + rank), "--cluster", String.join(",", cluster), "--rank", "" + rank,
            "--dist-timeout", "5"));
        workers.add(new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(tmp.resolve("worker" + rank + ".log").toFile()).start());
      }
      assertThat(workers.get(1).waitFor(240, TimeUnit.SECONDS)).isTrue();
      assertThat(workers.get(1).exitValue()).isEqualTo(137);
      long died = System.nanoTime();
      assertThat(workers.get(0).waitFor(120, TimeUnit.SECONDS)).as("worker 0 must stop by itself").isTrue();
      double seconds = (System.nanoTime() - died) / 1e9;
      String log = Files.readString(tmp.resolve("worker0.log"));
      assertThat(workers.get(0).exitValue()).as(log).isEqualTo(CliErrors.INVALID_INPUT);
      assertThat(log).contains("worker 1 (" + cluster.get(1) + ") does not answer").contains("at most 5 s");
      // 5 s collective timeout + the 2 s probe + JVM exit, on a shared machine
      assertThat(seconds).isLessThan(60);
    } finally {
      for (Process p : workers) p.destroyForcibly();
    }
  }
}
