package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare --local-workers 2}: the runs are spread over the two worker processes, rank 0
 * gathers every row over the collective into the one report, and each row holds the numbers a
 * one-process compare of the same settings gives for that (method, seed); bad input is refused
 * before any worker starts.
 */
class CompareSweepTest {

  /** The deterministic numbers of a row (times are left out: they differ from run to run). */
  private static final List<String> NUMBERS = List.of("test_accuracy", "best_test_accuracy", "final_train_loss",
      "passes_per_step", "lambda_max", "hessian_trace", "sharpness_1d", "probe_loss", "psi_log10_ratio", "psi_sharpness");

  private static String[] compare(Path data, Path out, String... extra) {
    List<String> a = new ArrayList<>(List.of("compare", "--dataset", "folder", "--data", data.toString(),
        "--model", "mlp_8", "--methods", "plain,sam", "--epochs", "1", "--seeds", "1", "--batch-size", "16",
        "--lr", "0.05", "--diag-examples", "32", "--iterations", "3", "--hutchinson", "2", "--points", "5",
        "--tensorboard", "none", "--out", out.toString()));
    a.addAll(List.of(extra));
    return a.toArray(String[]::new);
  }

  @Test
  @Timeout(240)
  void twoWorkersTrainOneRunEachAndRankZeroReportsTheRowsOfOneProcess(@TempDir Path tmp) throws IOException {
    Path data = TinyImages.write(tmp.resolve("data"), 7, 24, 8);
    Path single = tmp.resolve("single");
    CliRun one = CliRun.of(compare(data, single));
    assertThat(one.code()).as(one.err()).isZero();

    Path swept = tmp.resolve("sweep");
    CliRun sweep = CliRun.of(compare(data, swept, "--local-workers", "2", "--dist-timeout", "30"));
    assertThat(sweep.code()).as(sweep.err() + sweep.out()).isZero();
    // by expected cost, longest first: SAM (2) to worker 0, then plain (1) to the idle worker 1
    assertThat(sweep.out()).contains("worker 0 of 2 trains 1 of the 2 runs to train: [sam s1]")
        .contains("[worker 1] worker 1 of 2 trains 1 of the 2 runs to train: [plain s1]")
        .contains("[worker 1] plain s1 flatness:").contains("plain s1: row received from worker 1");

    ObjectMapper json = new ObjectMapper();
    for (String method : List.of("plain", "sam")) {
      JsonNode expected = json.readTree(single.resolve(method + "/s1/compare-row.json").toFile());
      JsonNode actual = json.readTree(swept.resolve(method + "/s1/compare-row.json").toFile());
      assertThat(actual.get("worker").asInt()).as(method).isEqualTo(method.equals("sam") ? 0 : 1);
      assertThat(expected.has("worker")).isFalse();
      assertThat(actual.get("settings")).isEqualTo(expected.get("settings"));
      // a run is deterministic given its seed, wherever it trains: the same numbers bit for bit (measured)
      for (String k : NUMBERS) assertThat(actual.get(k).asDouble()).as(method + " " + k).isEqualTo(expected.get(k).asDouble());
      assertThat(actual.get("losses")).as(method + " surface").isEqualTo(expected.get("losses"));
      assertThat(actual.get("alphas")).isEqualTo(expected.get("alphas"));
      // the report is built from the gathered rows
      JsonNode report = json.readTree(swept.resolve("compare.json").toFile());
      assertThat(report.at("/" + method + "/lambda_max/values/0").asDouble()).isEqualTo(actual.get("lambda_max").asDouble());
    }
    assertThat(json.readTree(swept.resolve("sam/s1/compare-row.json").toFile()).get("passes_per_step").asDouble())
        .isEqualTo(2.0);
    // only rank 0 wrote --out: worker 1's run folder (checkpoint, summary) stayed in its deleted temporary folder
    assertThat(swept.resolve("sam/s1/summary.json")).exists();
    assertThat(swept.resolve("plain/s1/summary.json")).doesNotExist();
    assertThat(swept.resolve("compare.txt")).exists();

    // --resume: the kept row is not trained again; worker 1's run, whose row is gone and whose run folder was
    // never on rank 0, trains again from its start (on worker 0: the first of one pending run)
    Files.delete(swept.resolve("plain/s1/compare-row.json"));
    CliRun resumed = CliRun.of(compare(data, swept, "--local-workers", "2", "--dist-timeout", "30", "--resume"));
    assertThat(resumed.code()).as(resumed.err() + resumed.out()).isZero();
    assertThat(resumed.out()).contains("sam s1: already trained and analysed")
        .contains("worker 0 of 2 trains 1 of the 1 runs to train: [plain s1]")
        .contains("[worker 1] worker 1 of 2 trains 0 of the 1 runs to train: []")
        .contains("done: 1 epochs").doesNotContain("sam s1 flatness:");
    JsonNode again = json.readTree(swept.resolve("plain/s1/compare-row.json").toFile());
    JsonNode reference = json.readTree(single.resolve("plain/s1/compare-row.json").toFile());
    assertThat(again.get("worker").asInt()).isZero();
    for (String k : NUMBERS) assertThat(again.get(k).asDouble()).as("resumed plain " + k).isEqualTo(reference.get(k).asDouble());
  }

  @Test
  void assignmentBalancesTheExpectedCostLongestFirst() {
    List<CompareRun> runs = CompareRun.seedMajor(List.of("plain", "sam", "sech"), 2);
    // longest first: sam s1 -> 0 (load 2), sam s2 -> 1 (2), plain s1 -> 0 (3), sech s1 -> 1 (3), plain s2 -> 0 (4),
    // sech s2 -> 1 (4); each worker trains its runs in seed-major order
    assertThat(CompareSweep.assign(List.of(0, 1, 2, 3, 4, 5), runs, 2))
        .containsExactly(List.of(0, 1, 3), List.of(2, 4, 5));
    // a resumed sweep assigns only what is left
    assertThat(CompareSweep.assign(List.of(3, 5), runs, 3)).containsExactly(List.of(3), List.of(5), List.of());
  }

  @Test
  @Timeout(60)
  void badInputIsRefusedBeforeAnyWorkerStarts(@TempDir Path tmp) throws IOException {
    CliRun one = CliRun.of(compare(tmp, tmp.resolve("a"), "--local-workers", "1"));
    assertThat(one.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(one.err()).contains("--local-workers must be >= 2, got 1");
    CliRun timeout = CliRun.of(compare(tmp, tmp.resolve("b"), "--local-workers", "2", "--dist-timeout", "0"));
    assertThat(timeout.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(timeout.err()).contains("--dist-timeout must be >= 1 s, got 0");
    String[] adam = compare(tmp, tmp.resolve("c"), "--local-workers", "2");
    adam[List.of(adam).indexOf("--methods") + 1] = "plain,adam";
    CliRun methods = CliRun.of(adam);
    assertThat(methods.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(methods.err()).contains("--methods entries must be");
    // an earlier result in --out without --resume: rank 0 would replace it
    Files.createDirectories(tmp.resolve("d/sam/s1"));
    Files.writeString(tmp.resolve("d/sam/s1/compare-row.json"), "{}");
    CliRun earlier = CliRun.of(compare(tmp, tmp.resolve("d"), "--local-workers", "2"));
    assertThat(earlier.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(earlier.err()).contains("output folder " + tmp.resolve("d/sam/s1") + " already holds compare-row.json;"
        + " pass --resume");
    for (CliRun r : List.of(one, timeout, methods, earlier)) assertThat(r.out()).doesNotContain("started 2 workers");
  }

  @Test
  @Timeout(300)
  void aWorkerThatDiesStopsTheOtherWithinTheTimeoutNamingIt(@TempDir Path tmp) throws Exception {
    Path data = TinyImages.write(tmp.resolve("data"), 7, 24, 8);
    // worker 1 dies at the 2nd step of its run (plain), as if killed, while worker 0 trains SAM and waits for the rows
    KilledWorker.Outcome o = KilledWorker.run(tmp, (rank, cluster) -> List.of(compare(data, tmp.resolve("out" + rank),
        "--cluster", cluster, "--rank", "" + rank, "--dist-timeout", "20")));
    assertThat(o.survivorExit()).as(o.survivorLog()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(o.survivorLog()).contains("worker 1 (" + o.cluster().get(1) + ") does not answer").contains("at most 20 s");
    assertThat(tmp.resolve("out0/compare.json")).doesNotExist();
    // the 20 s collective timeout, the 2 s probe and the JVM's exit on a shared machine
    assertThat(o.secondsAfterDeath()).isLessThan(60);
  }
}
