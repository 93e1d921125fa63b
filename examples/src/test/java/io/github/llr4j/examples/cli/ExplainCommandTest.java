package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainCommandTest {

  @Test
  void tableAndFilesShowTheSechGradientFactor(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("explain", "--out", dir.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("llr4j explain: reshaping walk-through").contains("What it means:");
    // Row L/L0 = 1 (L = L0 = ln 10): identity 1, paper sech f'(1) = 0.014033 (spec section 6).
    String atL0 = run.out().lines().filter(l -> l.matches("\\s*2\\.3026\\s+1\\.00 .*")).findFirst()
        .orElseThrow();
    String[] cols = atL0.trim().split("\\s+");
    assertThat(Double.parseDouble(cols[2])).isEqualTo(1.0);
    assertThat(Double.parseDouble(cols[3])).isCloseTo(0.0140, within(1e-4));

    List<String> csv = Files.readAllLines(dir.resolve("gradient-factor.csv"));
    assertThat(csv.get(0)).isEqualTo("x,identity,sech,sech+base,linquad,atan,logexp");
    // grid step 0.005: row 31 is x = 0.15, where sech peaks at a/2 = 1.25 (spec: 1.249990)
    String[] peak = csv.get(31).split(",");
    assertThat(peak[0]).isEqualTo("0.1500");
    assertThat(Double.parseDouble(peak[2])).isCloseTo(1.249990, within(1.25e-4));
    assertThat(Double.parseDouble(peak[3])).isCloseTo(1.749990, within(1.75e-4));
    assertThat(Files.size(dir.resolve("gradient-factor.png"))).isGreaterThan(5_000);
  }
}
