package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * worker (core's ClusterResumeTest kills one with a real SIGKILL and resumes); the text task on two
 * workers trains like one process; bad input is refused before any worker starts.
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
}
