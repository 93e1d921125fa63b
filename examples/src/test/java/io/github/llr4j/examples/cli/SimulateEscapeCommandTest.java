package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llr4j simulate escape} at a tiny budget: table, files, bad input. */
class SimulateEscapeCommandTest {

  @Test
  void escapeTableAndFiles(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("sim");
    CliRun r = CliRun.of("simulate", "escape", "--functions", "sech,flooding", "--param", "sech.a=5", "--walkers", "20",
        "--steps", "500", "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("plain", "sech", "flooding", "dU/D = 4.90");
    List<String> csv = Files.readAllLines(out.resolve("escape.csv"));
    assertThat(csv).hasSize(4);
    assertThat(csv.get(1)).startsWith("plain,20,");
    // flooding at b = 0 has f' = 1 for every positive loss: the same walkers as plain, bit for bit
    assertThat(csv.get(3).substring("flooding".length())).isEqualTo(csv.get(1).substring("plain".length()));
    assertThat(out.resolve("escape.png")).isNotEmptyFile();
    assertThat(out.resolve("escape.json")).isNotEmptyFile();
  }

  @Test
  void badInputNamesTheOption(@TempDir Path tmp) {
    CliRun r = CliRun.of("simulate", "escape", "--param", "atan.a=2", "--functions", "sech", "--out", tmp.toString());
    assertThat(r.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(r.err()).contains("--param must name one of the simulated functions [sech], got 'atan'");
    CliRun lr = CliRun.of("simulate", "escape", "--lr", "0", "--out", tmp.toString());
    assertThat(lr.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(lr.err()).contains("lr must be > 0 and finite, got 0.0");
  }
}
