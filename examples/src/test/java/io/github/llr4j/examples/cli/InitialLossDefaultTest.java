package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code train --reshape sech} evaluates L0 over the whole training set by default, as
 * the reference and spec section 3 do, not over its first batches.
 */
class InitialLossDefaultTest {

  private static double initialLoss(Path data, Path out, String... l0) throws IOException {
    String[] base = {"train", "--dataset", "folder", "--data", data.toString(), "--model", "small_cnn",
        "--epochs", "1", "--batch-size", "8", "--val-fraction", "0", "--log-every", "0", "--reshape", "sech",
        "--param", "plus-base=0.5", "--out", out.toString()};
    String[] all = new String[base.length + l0.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(l0, 0, all, base.length, l0.length);
    CliRun run = CliRun.of(all);
    assertThat(run.code()).as(run.err()).isZero();
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("initial_loss").asDouble();
  }

  @Test
  void theDefaultIsTheWholeTrainingSet(@TempDir Path tmp) throws IOException {
    Path data = TinyImages.write(tmp.resolve("data"), 7, 20, 4); // 40 training images: 5 batches of 8
    double byDefault = initialLoss(data, tmp.resolve("default"));
    double all = initialLoss(data, tmp.resolve("all"), "--initial-loss", "evaluated:0");
    double firstBatch = initialLoss(data, tmp.resolve("first"), "--initial-loss", "evaluated:1");
    assertThat(byDefault).isEqualTo(all).isPositive();
    // one batch of 8 out of 40 images gives another mean: a default of evaluated:N < 5 would fail here
    assertThat(Math.abs(firstBatch - all)).isGreaterThan(1e-4);
  }
}
