package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.traj.TrajectoryProbe;
import io.github.llr4j.core.diag.traj.TrajectoryTracking;
import io.github.llr4j.core.loss.TrainingLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.run.RunFolder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Builds a diagnostics probe into the trainer's graph and records {@link TrajectoryTracking}'s
 * samples around the steps that are due. The samples go to {@code trajectory.jsonl} in the run
 * folder, rewritten atomically after each sample (a resumed run keeps the samples before its
 * resume step); without a run folder they are only kept in memory ({@link #samples}).
 */
final class TrajectoryRecorder implements AutoCloseable {
  static final String FILE = "trajectory.jsonl";

  private final TrajectoryTracking settings;
  private final TrajectoryProbe probe;
  private final List<Batch> data = new ArrayList<>();
  private final List<Map<String, Object>> samples = new ArrayList<>();
  private RunFolder folder;

  TrajectoryRecorder(Ops tf, TrajectoryTracking settings, Model model, TrainingLoss loss, Batches train) {
    this.settings = settings;
    this.probe = new TrajectoryProbe(new LossProbe(tf, "trajectory", model, loss, train.inputType(), train.exampleShape(),
        false), settings);
  }

  /**
   * Takes the measurement batches (before any training iterator exists, since a data set's
   * epochs may share their prefetching) and writes to {@code dir} (null: memory only), keeping an
   * earlier run's samples before {@code fromStep}.
   */
  void attach(Path dir, long fromStep, Batches train) {
    Iterator<Batch> it = train.epoch(0);
    while (it.hasNext() && data.size() < settings.batches()) data.add(it.next());
    if (dir == null) return;
    folder = RunFolder.read(dir);
    for (Map<String, Object> s : folder.readJsonLines(FILE))
      if (((Number) s.get("step")).longValue() < fromStep) samples.add(s);
  }

  boolean due(long step) {
    return settings.due(step);
  }

  /** Measures before the step at the current weights (restored afterwards). */
  TrajectoryProbe.Before before(Session session) {
    return probe.before(session, data);
  }

  /** Compares the weights after the step with {@code b} and records the sample. */
  void after(Session session, TrajectoryProbe.Before b, long step, int epoch, double batchLoss) {
    Map<String, Object> s = TrajectoryProbe.sample(b, probe.probe().weights(session), step, epoch);
    s.put("train_batch_loss", batchLoss);
    samples.add(s);
    if (folder != null) folder.writeJsonLines(FILE, samples);
  }

  List<Map<String, Object>> samples() {
    return List.copyOf(samples);
  }

  @Override
  public void close() {
    data.forEach(Batch::close);
    data.clear();
  }
}
