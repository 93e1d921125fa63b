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
        .contains("java              17");
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
