package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.examples.bench.ReshapeBench;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

  @Test
  void reshapeBenchPrintsOneRowPerObjectiveAndTheWorstRatio() {
    CliRun run = CliRun.of("bench", "reshape", "--functions", "sech,flooding", "--batch-size", "8",
        "--rounds", "2", "--sessions", "2", "--steps-per-turn", "1", "--warmup", "1");
    assertThat(run.code()).as(run.err()).isZero();
    // plain: ratio 1, standard error 0, no extra ops; sech adds ops; the control is plain again
    assertThat(run.out()).containsPattern("(?m)^plain\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+1\\.000\\s+0\\.000\\s+0$")
        .containsPattern("(?m)^sech\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[1-9]\\d*$")
        .containsPattern("(?m)^plain-ctl\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0$")
        .containsPattern("(?m)^flooding\\s+")
        .containsPattern("worst ratio [\\d.]+ \\+- [\\d.]+ \\((sech|flooding)\\); target <= 1.02: (met|NOT met)");
    assertThat(run.out()).doesNotContain("linexp");
  }

  @Test
  void verdictTellsMetNoiseAndMissApart() {
    assertThat(BenchCommand.verdict(List.of(row("sech", 1.015, 0.02), row("atan", 0.99, 0.01))))
        .isEqualTo("worst ratio 1.015 +- 0.020 (sech); target <= 1.02: met");
    // 1.022 - 2 * 0.009 = 1.004 <= 1.02: could be noise
    assertThat(BenchCommand.verdict(List.of(row("sech", 1.022, 0.009))))
        .startsWith("worst ratio 1.022 +- 0.009 (sech)").contains("NOT met in this run, but within two standard errors");
    // 1.05 - 2 * 0.01 = 1.03 > 1.02: a real miss
    assertThat(BenchCommand.verdict(List.of(row("sech", 1.05, 0.01)))).endsWith("target <= 1.02: NOT met");
    // the largest ratio is within noise, a smaller one is a clear miss: the miss decides and is named
    assertThat(BenchCommand.verdict(List.of(row("sech", 1.030, 0.010), row("linexp", 1.028, 0.002))))
        .isEqualTo("worst ratio 1.028 +- 0.002 (linexp); target <= 1.02: NOT met");
  }

  private static ReshapeBench.Row row(String name, double ratio, double se) {
    return new ReshapeBench.Row(name, 10, 9, 11, ratio, se, 47);
  }

  @Test
  void visionBenchTimesBothPrecisionsInTheSameRounds() {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.github.llr4j.core.precision.CpuFeatures.current().nativeBf16(),
        "CPU without AVX512-BF16 / AMX-BF16");
    CliRun run = CliRun.of("bench", "vision", "--model", "small_cnn", "--shapes", "8x8x1", "--batch-size", "8",
        "--rounds", "2", "--steps-per-turn", "1", "--warmup", "1", "--precision", "fp32,bf16");
    assertThat(run.code()).as(run.err()).isZero();
    // the first precision's rows are 1 against themselves; sech is compared with plain of its own precision
    assertThat(run.out()).containsPattern("(?m)^8x8x1\\s+plain\\s+fp32(\\s+[\\d.]+){2}\\s+[\\d.]+%\\s+1\\.000\\s+0\\.000\\s+1\\.000\\s+0\\.000$")
        .containsPattern("(?m)^8x8x1\\s+plain\\s+bf16(\\s+[\\d.]+){2}\\s+[\\d.]+%\\s+1\\.000\\s+0\\.000\\s+[\\d.]+\\s+[\\d.]+$")
        .containsPattern("(?m)^8x8x1\\s+sech\\s+bf16\\s")
        .containsPattern("(?m)^8x8x1\\s+plain\\s+bf16/fp32 step time [\\d.]+ \\+- [\\d.]+ \\(target <= 0\\.7 on AVX512-BF16: (met|NOT met)\\)$");
  }

  @Test
  void attackBenchTimesIterativeAndFusedPgdInTheSameRounds() {
    CliRun run = CliRun.of("bench", "attack", "--batch-size", "2", "--shape", "8x8x1", "--steps", "2", "--rounds", "2",
        "--warmup", "1", "--standalone", "1", "--profile", "200");
    assertThat(run.code()).as(run.err()).isZero();
    // no PyTorch: its ratio column is empty; the iterative path is 1 against itself
    assertThat(run.out()).contains("pgd-linf(eps=0.1, step=0.01, steps=2, restarts=1, random start)")
        .containsPattern("(?m)^interleaved llr4j-iterative\\s+[\\d.]+\\s+[\\d.]+\\s+-\\s+-\\s+1\\.000\\s+0\\.000$")
        .containsPattern("(?m)^interleaved llr4j-fused\\s+[\\d.]+\\s+[\\d.]+\\s+-\\s+-\\s+[\\d.]+\\s+[\\d.]+$")
        .containsPattern("(?m)^standalone  llr4j-fused\\s+")
        .containsPattern("(?m)^tensorflow intra-op \\d+")
        .doesNotContainPattern("(?m)^(interleaved|standalone)\\s+pytorch");
    // the traced iterate: input gradients of the convolutions, no filter gradients, and batch norm in
    // inference mode as multiply-add (oneDNN's inference FusedBatchNormV3 was the slow kernel)
    assertThat(run.out()).contains("one iterate traced (forward + input gradient")
        .containsPattern("(?m)^\\S*Conv2DBackpropInput\\s+[\\d.]+\\s+[\\d.]+%\\s+19$")
        .doesNotContain("BackpropFilter").doesNotContain("FusedBatchNorm");
    CliRun bad = CliRun.of("bench", "attack", "--shape", "28x28");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--shape must be HxWxC with positive integers (e.g. 28x28x1), got '28x28'");
  }

  @Test
  void textBenchTimesTheFineTuningStep() {
    CliRun run = CliRun.of("bench", "text", "--sizes", "tiny", "--batch-size", "2", "--length", "8", "--rounds", "1",
        "--steps-per-turn", "1", "--warmup", "1");
    assertThat(run.code()).as(run.err()).isZero();
    // BERT-tiny shapes with a 30522-token vocabulary, 8 positions and 2 classes: 4,321,666 parameters
    assertThat(run.out()).containsPattern("(?m)^tiny\\s+4321666 interleaved\\s+[\\d.]+\\s+-\\s+[\\d.]+\\s+-\\s+-$");
    CliRun bad = CliRun.of("bench", "text", "--sizes", "base");
    assertThat(bad.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(bad.err()).contains("--sizes items must be tiny or minilm, got 'base'");
  }

  @Test
  void precisionListErrors() {
    CliRun twice = CliRun.of("bench", "vision", "--precision", "fp32,fp32");
    assertThat(twice.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(twice.err()).contains("--precision must name each precision once, got 'fp32,fp32'");
    CliRun unknown = CliRun.of("bench", "vision", "--precision", "fp32,int8");
    assertThat(unknown.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(unknown.err()).contains("--precision must be fp32 or bf16, got 'int8'");
  }

  @Test
  void unknownFunctionIsAOneLineError() {
    CliRun run = CliRun.of("bench", "reshape", "--functions", "sech,nope");
    assertThat(run.code()).isEqualTo(CliErrors.INVALID_INPUT);
    assertThat(run.err()).contains("reshaping function must be one of").contains("'nope'");
  }
}
