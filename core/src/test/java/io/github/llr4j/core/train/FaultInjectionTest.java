package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.nn.models.Mlp;
import io.github.llr4j.core.optim.Sgd;
import io.github.llr4j.core.run.RunFolder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Issue 17's fault-injection test. A child JVM trains a small MLP (batch norm, dropout, momentum,
 * cosine schedule; 3 epochs of 8 steps) into a run folder and halts like a SIGKILL ({@code
 * Runtime.halt}: no shutdown hooks, nothing flushed) at a named point: during an epoch, between
 * checkpoint and metrics, inside the checkpoint write (variables written, state written, old
 * checkpoint moved aside, new one in place), before an atomic rename, before and after the
 * summary. A further child is killed by a real SIGKILL at an arbitrary moment. Each folder is then
 * resumed (repeatedly, if the resume itself stops at a step limit) and must end with the weights,
 * batch-norm statistics and epoch records of an uninterrupted run, bit for bit; a finished run's
 * results are never lost.
 */
class FaultInjectionTest {

  static final ArrayBatches TRAIN = TinyProblem.blobs(256, 5, 32);
  static final ArrayBatches TEST = TinyProblem.blobs(96, 6, 48);

  static TrainerConfig.Builder config(Path out) {
    Mlp mlp = new Mlp(TinyProblem.DIM, List.of(16, 16), TinyProblem.CLASSES, 0.2, true);
    Sgd sgd = Sgd.momentum(Schedule.cosinePerEpoch(0.1, 0.0), 0.9, 5e-4);
    return TrainerConfig.builder(mlp, sgd).epochs(3).seed(3).outputDir(out).logInterval(0).data("dataset", "blobs");
  }

  /** The child: {@code FaultRun <out> <resume> <maxSteps>}. */
  public static final class FaultRun {
    public static void main(String[] args) {
      Path out = Path.of(args[0]);
      try (Trainer t = new Trainer(config(out).resume(Boolean.parseBoolean(args[1])).maxSteps(Long.parseLong(args[2]))
          .build(), TRAIN, Map.of("test", TEST))) {
        t.fit();
      }
      System.out.println("finished");
    }
  }

  private static List<float[]> state(Trainer t) {
    List<float[]> out = new ArrayList<>();
    List<Variable<TFloat32>> vars = new ArrayList<>(t.model().trainableVariables());
    vars.addAll(t.model().stateVariables());
    Session s = t.session();
    for (Variable<TFloat32> v : vars) {
      try (Result r = s.runner().fetch(v).run()) {
        TFloat32 x = (TFloat32) r.get(0);
        float[] a = new float[(int) x.size()];
        x.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(a, false, false));
        out.add(a);
      }
    }
    return out;
  }

  private static Process child(Path out, String haltAt) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path")));
    if (haltAt != null) cmd.add("-Dllr4j.test.halt-at=" + haltAt);
    cmd.addAll(List.of(FaultRun.class.getName(), out.toString(), "false", "0"));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile())
        .start();
  }

  /** Resumes {@code out} in this JVM and returns the final state. */
  private static List<float[]> resume(Path out) {
    try (Trainer t = new Trainer(config(out).resume(true).build(), TRAIN, Map.of("test", TEST))) {
      Trainer.Result r = t.fit();
      assertThat(r.epochsCompleted()).as("%s", out).isEqualTo(3);
      return state(t);
    }
  }

  @Test
  void killedAnywhereThenResumedEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path straightDir = tmp.resolve("straight");
    List<float[]> straight;
    try (Trainer t = new Trainer(config(straightDir).build(), TRAIN, Map.of("test", TEST))) {
      t.fit();
      straight = state(t);
    }
    List<Map<String, Object>> straightMetrics = RunRecordTest.metrics(straightDir);
    Map<String, Object> straightSummary = RunFolder.read(straightDir).readObject("summary.json");

    // one point per window of the write order: inside an epoch, inside the checkpoint write (variables
    // written; old checkpoint moved aside), between checkpoint and metrics line, a temp file not yet
    // renamed, between the last checkpoint and the summary, and after the summary (a finished run)
    List<String> points = List.of("trainer:step#11", "checkpoint:variables-written#2", "checkpoint:old-moved#2",
        "record:checkpoint-written#1", "atomic-write:metrics.jsonl#2", "atomic-write:summary.json#1",
        "record:summary-written#1");
    List<Process> children = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) children.add(child(tmp.resolve("p" + i), points.get(i)));
    // one real SIGKILL at an arbitrary moment of a run that is not told to halt
    Path killedDir = tmp.resolve("sigkill");
    Process killed = child(killedDir, null);
    long t0 = System.nanoTime();
    while (killed.isAlive() && !Files.exists(killedDir.resolve("metrics.jsonl")) && System.nanoTime() - t0 < 60e9)
      Thread.sleep(20);
    killed.destroyForcibly();
    killed.waitFor();

    for (int i = 0; i < points.size(); i++) {
      Process p = children.get(i);
      int code = p.waitFor();
      Path dir = tmp.resolve("p" + i);
      String log = Files.readString(dir.resolveSibling(dir.getFileName() + ".log"), StandardCharsets.UTF_8);
      assertThat(code).as("%s halted (log: %s)", points.get(i), log).isEqualTo(137);
      assertThat(log).doesNotContain("finished");
    }
    List<Path> dirs = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) dirs.add(tmp.resolve("p" + i));
    dirs.add(killedDir);
    for (Path dir : dirs) {
      List<float[]> resumed = resume(dir);
      assertThat(resumed).hasSameSizeAs(straight);
      for (int v = 0; v < straight.size(); v++)
        assertThat(resumed.get(v)).as("%s variable %d", dir.getFileName(), v).containsExactly(straight.get(v));
      assertThat(RunRecordTest.metrics(dir)).as("%s metrics", dir.getFileName()).isEqualTo(straightMetrics);
      Map<String, Object> summary = RunFolder.read(dir).readObject("summary.json");
      assertThat(summary.get("final")).isInstanceOf(Map.class);
      Map<?, ?> fin = (Map<?, ?>) summary.get("final");
      assertThat(fin.get("test_accuracy")).as("%s", dir.getFileName())
          .isEqualTo(((Map<?, ?>) straightSummary.get("final")).get("test_accuracy"));
      assertThat(summary.get("best")).as("%s", dir.getFileName()).isEqualTo(straightSummary.get("best"));
      assertThat(summary.get("epochs_completed")).isEqualTo(3);
    }
  }
}
