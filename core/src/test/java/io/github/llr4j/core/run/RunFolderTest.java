package io.github.llr4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @Test
  void fileNamesResolveStrictlyInsideTheFolder(@TempDir Path tmp) throws IOException {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Files.writeString(tmp.resolve("secret.txt"), "outside");
    Files.createSymbolicLink(run.resolve("link.txt"), tmp.resolve("secret.txt"));
    Files.createSymbolicLink(run.resolve("zero.txt"), Path.of("/dev/zero"));
    Files.writeString(run.resolve("vocab.txt"), "[PAD]\n");
    RunFolder f = RunFolder.read(run);
    assertThat(f.existingFile("vocab.txt")).isEqualTo(run.resolve("vocab.txt"));
    for (String bad : List.of("../secret.txt", "/etc/passwd", "a/../../secret.txt", "./vocab.txt", ".lock/x", ""))
      assertThatThrownBy(() -> f.resolve(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be a relative name inside the run folder");
    assertThatThrownBy(() -> f.resolve("link.txt")).hasMessageContaining("must lie inside the run folder");
    assertThatThrownBy(() -> f.resolve("zero.txt")).hasMessageContaining("must be a regular file or folder, got a special file");
    assertThatThrownBy(() -> f.existingFile("none.txt")).hasMessageContaining("must be a file of the run folder, got none");
  }

  @Test
  void runCardFilesAreCheckedToo(@TempDir Path run) throws IOException {
    Files.writeString(run.resolve("model.json"), "{\"task\": \"text\", \"vocab\": \"../../etc/passwd\", \"height\": -5}");
    RunCard card = RunCard.read(run);
    assertThatThrownBy(() -> card.file("vocab")).hasMessageContaining("field 'vocab'")
        .hasMessageContaining("must be a relative name inside the run folder").hasMessageContaining("../../etc/passwd");
    assertThatThrownBy(() -> card.integer("height", 1, 4096))
        .hasMessage(run.resolve("model.json") + " field 'height' must be in [1, 4096], got -5");
    assertThatThrownBy(() -> card.string("model"))
        .hasMessage(run.resolve("model.json") + " must have the text field 'model', got none");
  }

  @Test
  void damagedJsonIsNamedAsSuch(@TempDir Path run) throws IOException {
    Files.writeString(run.resolve("summary.json"), "{\"epochs_completed\": 3, \"final\": {\"test_acc");
    Files.writeString(run.resolve("list.json"), "[1, 2]");
    Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\": 0}\n{\"epoch\": 1, \"tr\n");
    RunFolder f = RunFolder.read(run);
    assertThatThrownBy(() -> f.readObject("summary.json"))
        .hasMessageStartingWith(run.resolve("summary.json") + " is not valid JSON (corrupt or truncated) at line 1");
    assertThatThrownBy(() -> f.readObject("list.json")).hasMessage(run.resolve("list.json") + " must hold a JSON object, got an array");
    assertThatThrownBy(() -> f.readJsonLines("metrics.jsonl"))
        .hasMessageStartingWith(run.resolve("metrics.jsonl") + " line 2 is not valid JSON (corrupt or truncated)");
  }

  @Test
  void writesReplaceAtomicallyAndLeaveNoTempFile(@TempDir Path run) throws IOException {
    try (RunFolder f = RunFolder.open(run)) {
      f.writeJson("summary.json", Map.of("a", 1));
      f.writeJson("summary.json", Map.of("a", 2));
      f.writeJsonLines("metrics.jsonl", List.of(Map.of("epoch", 0), Map.of("epoch", 1)));
      assertThat(f.readObject("summary.json")).containsEntry("a", 2);
      assertThat(f.readJsonLines("metrics.jsonl")).extracting(m -> m.get("epoch")).containsExactly(0, 1);
    }
    try (var files = Files.list(run)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly(".lock", "metrics.jsonl", "summary.json");
    }
  }

  @Test
  void checkUsableRefusesMetricsWithoutCheckpoint(@TempDir Path run) throws IOException {
    Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\": 0}\n");
    assertThatThrownBy(() -> RunFolder.read(run).checkUsable(true))
        .hasMessageContaining("got metrics.jsonl without checkpoint/").hasMessageContaining("would repeat its epochs");
    assertThatThrownBy(() -> RunFolder.read(run).checkUsable(false)).hasMessageContaining("already holds a run");
  }

  /**
   * A second process cannot lock a folder a first one holds (the message names the holder's pid);
   * once the holder is killed its stale lock file is taken over.
   */
  @Test
  void lockRefusesASecondProcessAndIsTakenOverAfterItsDeath(@TempDir Path run) throws Exception {
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), LockHolder.class.getName(), run.toString())
        .redirectErrorStream(true).start();
    try {
      String first = new String(holder.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
      assertThat(first).isEqualTo("locked\n");
      assertThatThrownBy(() -> RunFolder.open(run)).isInstanceOf(RunStoppedException.class)
          .hasMessage("output folder " + run + " is in use by another training (process " + holder.pid() + " holds "
              + run.toRealPath().resolve(".lock") + "); wait for it to finish or choose another --out");
    } finally {
      holder.destroyForcibly().waitFor();
    }
    assertThat(Files.readString(run.resolve(".lock")).trim()).isEqualTo(String.valueOf(holder.pid()));
    try (RunFolder f = RunFolder.open(run)) {
      assertThat(Files.readString(run.resolve(".lock")).trim()).isEqualTo(String.valueOf(ProcessHandle.current().pid()));
      assertThat(RunLock.heldHere(run)).isTrue();
    }
    assertThat(RunLock.heldHere(run)).isFalse();
  }

  /** Child process of the lock test: locks the folder, says so, and waits to be killed. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      RunFolder.open(Path.of(args[0]));
      System.out.print("locked\n");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
