package io.github.llr4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data-parallel worker's scratch folder is deleted with its contents when the run ends; rank 0's --out never. */
class WorkerFolderTest {

  @Test
  void closingDeletesTheScratchFolderWithWhatTheTaskWroteIntoIt(@TempDir Path tmp) throws IOException {
    Path scratch = Files.createDirectory(tmp.resolve("llr4j-worker1-x"));
    Path run = scratch.resolve("run");
    try (ClusterOptions.WorkerFolder f = new ClusterOptions.WorkerFolder(run, scratch)) {
      assertThat(f.run()).isEqualTo(run);
      Files.createDirectories(run.resolve("checkpoint"));
      Files.writeString(run.resolve("model.json"), "{}");
      Files.writeString(run.resolve("checkpoint").resolve("state.json"), "{}");
    }
    assertThat(scratch).doesNotExist();
    assertThat(tmp).exists();
  }

  @Test
  void theChiefsFolderIsKept(@TempDir Path tmp) throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.writeString(out.resolve("summary.json"), "{}");
    try (ClusterOptions.WorkerFolder f = ClusterOptions.folderFor(null, out)) {
      assertThat(f.run()).isEqualTo(out);
    }
    assertThat(out.resolve("summary.json")).exists();
  }
}
