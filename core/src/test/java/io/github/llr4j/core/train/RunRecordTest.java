package io.github.llr4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.llr4j.core.data.ArrayBatches;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.run.RunStoppedException;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Issue 17, items 3, 4, 5 and 8 at the trainer's level, and divergence messages that match their cause. */
class RunRecordTest {

  private static final ArrayBatches TRAIN = TinyProblem.blobs(320, 1, 32);
  private static final ArrayBatches TEST = TinyProblem.blobs(200, 2, 50);

  private static TrainerConfig.Builder config(Path out) {
    return TrainerConfig.builder(new TinyProblem.Linear(), new TinyProblem.Momentum(Hyperparameter.constant(0.05), 0.9))
        .epochs(4).seed(11).outputDir(out).logInterval(0);
  }

  private static float[] weights(Trainer t) {
    List<Float> all = new ArrayList<>();
    for (var v : t.model().trainableVariables()) {
      try (Result r = t.session().runner().fetch(v).run()) {
        TFloat32 x = (TFloat32) r.get(0);
        x.scalars().forEach(s -> all.add(s.getFloat()));
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) out[i] = all.get(i);
    return out;
  }

  /** metrics.jsonl without the wall-clock fields. */
  static List<Map<String, Object>> metrics(Path run) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map<String, Object> r : RunFolder.read(run).readJsonLines("metrics.jsonl")) {
      Map<String, Object> m = new LinkedHashMap<>(r);
      m.remove("seconds");
      m.remove("input_share");
      out.add(m);
    }
    return out;
  }

  @Test
  void stepLimitInsideAnEpochIsNoFinishedEpochAndResumesAtThatBatch(@TempDir Path a, @TempDir Path b) {
    float[] straight;
    try (Trainer t = new Trainer(config(a).build(), TRAIN, Map.of("test", TEST))) {
      t.fit();
      straight = weights(t);
    }
    try (Trainer t = new Trainer(config(b).maxSteps(15).build(), TRAIN, Map.of("test", TEST))) {
      Trainer.Result r = t.fit();
      assertThat(r.epochsCompleted()).isEqualTo(1);
      assertThat(r.steps()).isEqualTo(15);
    }
    assertThat(metrics(b)).hasSize(1);
    Map<String, Object> state = Checkpoints.readState(b.resolve("checkpoint"));
    assertThat(state).containsEntry("epoch", 1).containsEntry("step", 15);
    assertThat(((Map<?, ?>) state.get("partial_epoch")).get("batches_done")).isEqualTo(5);
    try (Trainer t = new Trainer(config(b).resume(true).build(), TRAIN, Map.of("test", TEST))) {
      Trainer.Result r = t.fit();
      assertThat(r.steps()).isEqualTo(40);
      assertThat(weights(t)).containsExactly(straight);
    }
    // the same epoch records, epoch 1's training means included (its sums crossed the checkpoint)
    assertThat(metrics(b)).isEqualTo(metrics(a));
  }

  @Test
  void metricsWithoutCheckpointAreNotResumedFromScratch(@TempDir Path out) throws IOException {
    try (Trainer t = new Trainer(config(out).maxSteps(20).build(), TRAIN, Map.of())) {
      t.fit();
    }
    deleteTree(out.resolve("checkpoint"));
    assertThatThrownBy(() -> new Trainer(config(out).resume(true).build(), TRAIN, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has metrics.jsonl but no checkpoint/");
    assertThat(metrics(out)).extracting(m -> m.get("epoch")).containsExactly(0, 1);
  }

  @Test
  void resumingAFinishedRunKeepsItsResults(@TempDir Path out) throws IOException {
    Trainer.Result first;
    try (Trainer t = new Trainer(config(out).build(), TRAIN, Map.of("test", TEST))) {
      first = t.fit();
    }
    byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
    byte[] lines = Files.readAllBytes(out.resolve("metrics.jsonl"));
    try (Trainer t = new Trainer(config(out).resume(true).build(), TRAIN, Map.of("test", TEST))) {
      Trainer.Result again = t.fit();
      assertThat(again.alreadyFinished()).isTrue();
      assertThat(again.epochsCompleted()).isEqualTo(4);
      assertThat(again.finalMetrics().get("test_accuracy")).isEqualTo(first.finalMetrics().get("test_accuracy"));
      assertThat(again.bestMetrics()).isEqualTo(first.bestMetrics());
    }
    assertThat(Files.readAllBytes(out.resolve("summary.json"))).isEqualTo(summary);
    assertThat(Files.readAllBytes(out.resolve("metrics.jsonl"))).isEqualTo(lines);
  }

  @Test
  void corruptOrTruncatedCheckpointIsReportedAsSuch(@TempDir Path out) throws IOException {
    try (Trainer t = new Trainer(config(out).maxSteps(10).build(), TRAIN, Map.of())) {
      t.fit();
    }
    Path data;
    try (Stream<Path> s = Files.list(out.resolve("checkpoint"))) {
      data = s.filter(p -> p.getFileName().toString().startsWith("ckpt.data")).findFirst().orElseThrow();
    }
    long size = Files.size(data);
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.seek(size / 2);
      int b = f.read();
      f.seek(size / 2);
      f.write(b ^ 0x55);
    }
    try (Trainer t = new Trainer(config(out).resume(true).build(), TRAIN, Map.of())) {
      assertThatThrownBy(t::fit).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("checkpoint file " + data + " is corrupt: its CRC-32C is ");
    }
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(size - 7);
    }
    try (Trainer t = new Trainer(config(out).resume(true).build(), TRAIN, Map.of())) {
      assertThatThrownBy(t::fit).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("checkpoint file " + data + " is corrupt or truncated: expected " + size
              + " bytes (state.json), got " + (size - 7));
    }
    Files.writeString(out.resolve("checkpoint/state.json"), "{\"epoch\": 0, \"st");
    assertThatThrownBy(() -> new Trainer(config(out).resume(true).build(), TRAIN, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(out.resolve("checkpoint/state.json") + " is not valid JSON (corrupt or truncated)");
  }

  @Test
  void divergenceAdviceMatchesItsCause() {
    TrainerConfig zero = TrainerConfig.builder(new TinyProblem.Linear(),
        new TinyProblem.Momentum(Hyperparameter.constant(0), 0.9)).seed(11).logInterval(0).build();
    // NaN weights with learning rate 0: the weights are the cause, not the learning rate
    try (Trainer t = new Trainer(zero, TRAIN, Map.of())) {
      var w = t.model().trainableVariables().get(0);
      Ops tf = Ops.create(t.graph());
      var poison = tf.assign(w, tf.fill(tf.constant(new int[] {TinyProblem.DIM, TinyProblem.CLASSES}), tf.constant(Float.NaN)));
      try (Result ignored = t.session().runner().addTarget(poison).run()) {
        // effects only
      }
      try (Batch b = TRAIN.epoch(0).next()) {
        assertThatThrownBy(() -> t.step(b, TrainingClock.at(0, 10, 1))).isInstanceOf(RunStoppedException.class)
            .hasMessageStartingWith("the model's weights are not finite (NaN or infinite) before step 0, so no learning"
                + " rate can help").hasMessageNotContaining("Lower the learning rate");
      }
    }
    // finite weights, NaN data, learning rate 0: the data, not the learning rate
    try (Trainer t = new Trainer(zero, TRAIN, Map.of())) {
      float[] x = new float[4 * TinyProblem.DIM];
      x[3] = Float.NaN;
      ArrayBatches bad = ArrayBatches.ofFloats(x, Shape.of(TinyProblem.DIM), new int[] {0, 1, 2, 3}).batchSize(4).build();
      try (Batch b = bad.epoch(0).next()) {
        assertThatThrownBy(() -> t.step(b, TrainingClock.at(0, 10, 1))).isInstanceOf(RunStoppedException.class)
            .hasMessageContaining("learning_rate=0.0")
            .hasMessageContaining("The learning rate is 0, so the updates did not cause it: check the data")
            .hasMessageNotContaining("Lower the learning rate");
      }
    }
  }

  private static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
    }
  }
}
