package io.github.llr4j.core.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import io.github.llr4j.core.train.TinyProblem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run skeleton on the 8-D blobs: hook order, one optimizer built from the batches per epoch, refused resumes. */
class TrainingRunTest {

  private static final ArrayBatches TRAIN = TinyProblem.blobs(320, 1, 32);
  private static final ArrayBatches TEST = TinyProblem.blobs(200, 2, 50);

  /** A prepared run that records its hooks; {@code cardValue} goes into its card. */
  private static final class Recording implements PreparedRun {
    final List<String> events = new ArrayList<>();
    final String cardValue;

    Recording(String cardValue) {
      this.cardValue = cardValue;
    }

    @Override public ModelSpec model() { return new TinyProblem.Linear(); }
    @Override public Batches train() { return TRAIN; }
    @Override public Map<String, Batches> evaluation() { return Map.of("test", TEST); }
    @Override public long seed() { return 3; }

    @Override
    public RunCard card() {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("task", "blobs");
      v.put("value", cardValue);
      return new RunCard(v);
    }

    @Override public void configure(TrainerConfig.Builder b) { events.add("configure"); b.data("dataset", "blobs"); }
    @Override public void started(Trainer t) { events.add("started " + t.model().parameterCount()); }
    @Override public void writeFiles(RunFolder f) { events.add("writeFiles"); f.writeText("extra.txt", "x\n"); }
    @Override public void beforeFit(Trainer t) { events.add("beforeFit"); }
    @Override public void afterFit(Trainer t, Trainer.Result r, RunFolder f) { events.add("afterFit " + r.epochsCompleted()); }
  }

  private static RunPlan.Builder plan(Path out, List<Long> built) {
    return RunPlan.builder(n -> {
      built.add(n);
      return new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9);
    }, 2, out).logEvery(0);
  }

  @Test
  void runsTheHooksInOrderAndBuildsTheOptimizerOnceFromTheBatchesPerEpoch(@TempDir Path tmp) {
    Path out = tmp.resolve("run");
    List<Long> built = new ArrayList<>();
    Recording run = new Recording("a");
    Trainer.Result r = TrainingRun.run(plan(out, built).trainerOptions(b -> run.events.add("trainerOptions")).build(),
        folder -> run);
    assertThat(built).containsExactly(10L);
    // 8 x 4 weights + 4 biases
    assertThat(run.events).containsExactly("configure", "trainerOptions", "started 36", "writeFiles", "beforeFit", "afterFit 2");
    assertThat(r.epochsCompleted()).isEqualTo(2);
    assertThat(RunCard.read(out).string("value")).isEqualTo("a");
    assertThat(out.resolve("extra.txt")).exists();
    assertThat(out.resolve("summary.json")).exists();
  }

  @Test
  void aRefusedRunPreparesOrWritesNothing(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("run");
    TrainingRun.run(plan(out, new ArrayList<>()).build(), folder -> new Recording("a"));
    byte[] card = Files.readAllBytes(out.resolve(RunCard.FILE));

    // a second run on the same folder without resume: refused before the task loads anything
    List<String> prepared = new ArrayList<>();
    assertThatThrownBy(() -> TrainingRun.run(plan(out, new ArrayList<>()).build(), folder -> {
      prepared.add("prepared");
      return new Recording("a");
    })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already holds a run; pass --resume");
    assertThat(prepared).isEmpty();

    // a resume with another card: refused before the task writes its files or the card
    Recording other = new Recording("b");
    assertThatThrownBy(() -> TrainingRun.run(plan(out, new ArrayList<>()).resume(true).build(), folder -> other))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value: a (run) vs b (now)");
    assertThat(other.events).doesNotContain("writeFiles", "beforeFit");
    assertThat(Files.readAllBytes(out.resolve(RunCard.FILE))).isEqualTo(card);
  }

  @Test
  void thePlanNamesItsBadField() {
    assertThatThrownBy(() -> RunPlan.builder(n -> null, 0, Path.of("x")).build())
        .hasMessage("epochs must be >= 1, got 0");
    assertThatThrownBy(() -> RunPlan.builder(n -> null, 1, Path.of("x")).maxSteps(-1).build())
        .hasMessage("maxSteps must be >= 0 (0 = no limit), got -1");
    assertThatThrownBy(() -> RunPlan.builder(n -> null, 1, null).build())
        .hasMessage("out must not be null (the run folder)");
  }
}
