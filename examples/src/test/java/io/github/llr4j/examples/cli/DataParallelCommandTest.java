package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.github.llr4j.core.dist.LocalPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llr4j train} as two worker processes: {@code --local-workers 2} trains and only rank 0
 * writes the run folder; a cluster stopped inside an epoch resumes with {@code --resume} and ends
 * with the losses of one process of the same global batch; a worker killed mid-epoch (halted like
 * SIGKILL at its 2nd step) makes the other exit with code 2 within its timeout, naming the dead
 * worker (core's ClusterResumeTest kills one with a real SIGKILL and resumes); a worker whose rank 0
 * never starts, or refuses the resume and exits, stops within its timeout naming worker 0; the text
 * task on two workers trains like one process; bad input is refused before any worker starts.
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

  /** {@link #train} with an MLP (no batch norm, no dropout) instead of ResNet-20, without augmentation. */
  private static List<String> mlp(Path out) {
    List<String> args = train(out, "--no-augment");
    args.set(args.indexOf("resnet20"), "mlp_8");
    return args;
  }

  /** The 2 epochs' training and test losses of {@code run} equal those of {@code reference} to 1e-5 relative. */
  private static void assertSameLosses(Path run, Path reference) throws IOException {
    List<Double> expected = losses(reference);
    List<Double> actual = losses(run);
    assertThat(actual).hasSameSizeAs(expected).hasSize(4);
    for (int i = 0; i < expected.size(); i++)
      assertThat(actual.get(i)).as("loss %d", i).isCloseTo(expected.get(i), within(1e-5 * Math.abs(expected.get(i))));
  }

  /** Every "train_loss" and "test_loss" value of a run's metrics.jsonl, in order. */
  private static List<Double> losses(Path run) throws IOException {
    List<Double> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"(train|test)_loss\"\\s*:\\s*([-0-9.eE]+)").matcher(Files.readString(run.resolve("metrics.jsonl")));
    while (m.find()) out.add(Double.parseDouble(m.group(2)));
    return out;
  }

  @Test
  @Timeout(400)
  void aStoppedClusterResumesFromRankZerosCheckpointAndMatchesOneProcess(@TempDir Path tmp) throws IOException {
    // an MLP (no batch norm, no dropout), so two workers of batch 8 train exactly like one process of batch 16
    Path single = tmp.resolve("single");
    CliRun one = CliRun.of(mlp(single).toArray(String[]::new));
    assertThat(one.code()).as(one.err()).isZero();

    Path out = tmp.resolve("cluster");
    List<String> first = mlp(out);
    first.addAll(List.of("--local-workers", "2", "--dist-timeout", "30", "--max-steps", "5"));
    CliRun stopped = CliRun.of(first.toArray(String[]::new));
    assertThat(stopped.code()).as(stopped.err() + stopped.out()).isZero();
    assertThat(Files.readString(out.resolve("checkpoint").resolve("state.json"))).contains("\"partial_epoch\"");

    List<String> again = mlp(out);
    again.addAll(List.of("--local-workers", "2", "--dist-timeout", "30", "--resume"));
    CliRun resumed = CliRun.of(again.toArray(String[]::new));
    assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
    assertThat(resumed.out()).contains("done: 2 epochs, 8 steps");
    assertSameLosses(out, single);
  }

  @Test
  @Timeout(60)
  void badInputIsRefusedBeforeAnyWorkerStarts(@TempDir Path tmp) {
    List<String> args = train(tmp.resolve("t"), "--local-workers", "2", "--tensorboard", tmp.resolve("tb").toString());
    CliRun run = CliRun.of(args.toArray(String[]::new));
    assertThat(run.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(run.err()).contains("--tensorboard is not supported in data-parallel training");
    assertThat(run.out()).doesNotContain("started 2 workers");
  }

  /** A two-class TSV whose label shows in one cue word. */
  private static Path table(Path dir, String name, int n, long seed) throws IOException {
    String[] filler = {"the", "movie", "was", "plot", "actor", "scene", "really", "story"};
    Random r = new Random(seed);
    List<String> lines = new ArrayList<>(List.of("label\ttext"));
    for (int i = 0; i < n; i++) {
      boolean pos = i % 2 == 0;
      List<String> words = new ArrayList<>();
      for (int k = 0; k < 3 + r.nextInt(6); k++) words.add(filler[r.nextInt(filler.length)]);
      words.add(r.nextInt(words.size() + 1), pos ? "great" : "awful");
      lines.add((pos ? "pos" : "neg") + "\t" + String.join(" ", words));
    }
    return Files.write(dir.resolve(name), lines);
  }

  @Test
  @Timeout(300)
  void textTrainsOnTwoWorkersLikeOneProcess(@TempDir Path tmp) throws IOException {
    Path train = table(tmp, "train.tsv", 48, 1);
    Path test = table(tmp, "test.tsv", 16, 2);
    // no dropout: the workers then equal one process exactly (a transformer has no batch norm)
    java.util.function.Function<Path, List<String>> text = out -> new ArrayList<>(List.of("train", "--task", "text",
        "--dataset", "table", "--file", train.toString(), "--test-file", test.toString(), "--model", "tiny",
        "--max-length", "12", "--vocab-size", "100", "--epochs", "2", "--batch-size", "16", "--dropout", "0",
        "--val-fraction", "0", "--log-every", "0", "--out", out.toString()));
    Path single = tmp.resolve("single");
    CliRun one = CliRun.of(text.apply(single).toArray(String[]::new));
    assertThat(one.code()).as(one.err()).isZero();
    Path out = tmp.resolve("cluster");
    List<String> args = text.apply(out);
    args.addAll(List.of("--local-workers", "2", "--dist-timeout", "30"));
    CliRun two = CliRun.of(args.toArray(String[]::new));
    assertThat(two.code()).as(two.err() + two.out()).isZero();
    assertThat(two.out()).contains("[worker 1] ").contains("done: 2 epochs, 6 steps");
    assertThat(Files.readString(out.resolve("summary.json"))).contains("\"workers\" : 2");
    assertSameLosses(out, single);
  }

  @Test
  @Timeout(300)
  void aKilledWorkerStopsTheOtherWithinTheTimeoutNamingIt(@TempDir Path tmp) throws Exception {
    // worker 1 dies at its 2nd step, as if killed; worker 0 must not hang
    KilledWorker.Outcome o = KilledWorker.run(tmp, (rank, cluster) -> train(tmp.resolve("run" + rank), "--cluster",
        cluster, "--rank", "" + rank, "--dist-timeout", "20"));
    assertThat(o.survivorExit()).as(o.survivorLog()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(o.survivorLog()).contains("worker 1 (" + o.cluster().get(1) + ") does not answer").contains("at most 20 s");
    // 20 s collective timeout + the 2 s probe + JVM exit, on a shared machine (20 s, not 5: at
    // load 28 one JVM can reach the first collective more than 5 s after the other)
    assertThat(o.secondsAfterDeath()).isLessThan(90);
  }

  /**
   * Rank 1 of a cluster whose rank 0 never starts: its collective would wait for ever (gRPC retries
   * rank 0 without end); the watchdog ends the process with exit code 2 and the line naming worker
   * 0, within the timeout counted from the start of the wait, and the worker's temporary folder is
   * deleted on the way out.
   */
  @Test
  @Timeout(150)
  void aWorkerWhoseRankZeroNeverStartsStopsWithinTheTimeoutNamingIt(@TempDir Path tmp) throws Exception {
    List<String> cluster = LocalPorts.addresses(2);
    Path scratch = Files.createDirectories(tmp.resolve("java-tmp"));
    List<String> args = mlp(tmp.resolve("run"));
    args.addAll(List.of("--cluster", String.join(",", cluster), "--rank", "1", "--dist-timeout", "5"));
    Path log = tmp.resolve("worker1.log");
    Process p = Llr4jProcess.start(args, log, "-Djava.io.tmpdir=" + scratch);
    try {
      // the clock starts when start-up is over: the run's "output:" line comes just before the first collective
      long t0 = System.nanoTime();
      while (!Files.readString(log).contains("output: ")) {
        assertThat(p.isAlive()).as("worker 1 ended during start-up: %s", Files.readString(log)).isTrue();
        assertThat(System.nanoTime() - t0).as("worker 1 never started training").isLessThan(TimeUnit.SECONDS.toNanos(90));
        Thread.sleep(50);
      }
      long waiting = System.nanoTime();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("worker 1 must stop by itself").isTrue();
      double seconds = (System.nanoTime() - waiting) / 1e9;
      String out = Files.readString(log);
      assertThat(p.exitValue()).as(out).isEqualTo(CliErrors.INVALID_INPUT);
      assertThat(out).contains("llr4j train: distributed training stopped on worker 1 of [")
          .contains("worker 0 (" + cluster.get(0) + ") does not answer (died or never joined)").contains("at most 5 s")
          .contains("heard nothing for"); // the watchdog's line: TensorFlow itself would wait for ever
      System.out.printf("rank 1 without rank 0: exit %.1f s after its output line%n", seconds);
      // the 5 s wait (the probe runs every second), then the JVM's exit on a loaded machine
      assertThat(seconds).isGreaterThan(4).isLessThan(40);
      assertThat(out).contains("output: " + scratch.resolve("llr4j-worker1-"));
      try (var left = Files.list(scratch)) {
        assertThat(left.map(f -> f.getFileName().toString())).as("worker 1's temporary folder is deleted")
            .noneMatch(n -> n.startsWith("llr4j-worker1-"));
      }
    } finally {
      p.destroyForcibly();
    }
  }

  /**
   * Rank 0 refuses the resume (a one-process checkpoint: the worker count is part of its
   * configuration) and exits; rank 1, waiting for rank 0's start-of-run broadcast, stops by itself
   * within the timeout naming worker 0, before the launcher's grace period would kill it. Which
   * path stops it depends on timing: if its collective was already talking to rank 0, TensorFlow
   * reports the closed socket at once; if rank 0 was gone before, TensorFlow would wait for ever and
   * the watchdog ends the wait.
   */
  @Test
  @Timeout(300)
  void aResumeRefusedByRankZeroStopsTheOtherWorkerWithinTheTimeout(@TempDir Path tmp) throws IOException {
    Path out = tmp.resolve("run");
    List<String> single = mlp(out);
    single.addAll(List.of("--max-steps", "2"));
    CliRun one = CliRun.of(single.toArray(String[]::new));
    assertThat(one.code()).as(one.err()).isZero();

    List<String> cluster = mlp(out);
    cluster.addAll(List.of("--max-steps", "2", "--local-workers", "2", "--dist-timeout", "5", "--resume"));
    CliRun refused = CliRun.of(cluster.toArray(String[]::new));
    String all = refused.err() + refused.out();
    assertThat(refused.code()).as(all).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(refused.err()).as(all).contains("worker 0 exited with code 2").doesNotContain("did not stop within the timeout");
    assertThat(refused.out()).as(all).contains("[worker 1] llr4j train: distributed training stopped on worker 1 of [")
        .contains("worker 0 (localhost:").contains("does not answer (died or never joined)");
  }
}
