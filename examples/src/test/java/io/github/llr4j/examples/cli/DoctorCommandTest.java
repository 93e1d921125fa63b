package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorCommandTest {

  @Test
  void reportsVersionsAndTheCpuDevice() {
    CliRun run = CliRun.of("doctor");

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).containsPattern("tf-java\\s+1\\.0\\.0 ")
        .containsPattern("tensorflow native\\s+2\\.\\d+\\.\\d+")
        .containsPattern("device\\s+CPU\\s+/job:localhost/replica:0/task:0/device:CPU:0")
        .contains("java              17").containsPattern("(?m)^bfloat16 {10}\\S");
  }

  @Test
  void bfloat16LineSaysNativeEmulatedOrUnavailable() {
    var zen4 = io.github.llr4j.core.precision.CpuFeatures.parse(
        "model name : AMD EPYC 9R14\nflags : avx2 avx512f avx512bw avx512vl avx512dq avx512_bf16\n");
    assertThat(DoctorCommand.bfloat16Line(zen4, "1")).endsWith("native on AMD EPYC 9R14 (--precision bf16 available)");
    assertThat(DoctorCommand.bfloat16Line(zen4, "0")).contains("unavailable: ").contains("TF_ENABLE_ONEDNN_OPTS=0");
    var zen3 = io.github.llr4j.core.precision.CpuFeatures.parse("model name : AMD EPYC 7R13\nflags : avx2 fma\n");
    assertThat(DoctorCommand.bfloat16Line(zen3, null)).contains("unavailable: ").contains("without AVX-512");
  }

  @Test
  void spamAssassinSurveyCountsGroupsAndNamesWhatIsMissing(@TempDir Path dir) throws Exception {
    DataSets.Status missing = DataSets.spamAssassin(dir);
    assertThat(missing.present()).isFalse();
    assertThat(missing.detail()).startsWith("missing easy-ham-1");

    for (String g : new String[] {"easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"}) {
      Path d = java.nio.file.Files.createDirectories(dir.resolve("package/data/" + g));
      java.nio.file.Files.writeString(d.resolve("1.json"), "{}");
    }
    java.nio.file.Files.writeString(dir.resolve("package/data/spam-2/2.json"), "{}");
    DataSets.Status ok = DataSets.spamAssassin(dir);
    assertThat(ok.present()).isTrue();
    assertThat(ok.detail()).startsWith("6 e-mails").contains("spam-2 2");
  }
}
