package io.github.llr4j.core.train.tensorboard;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainingListener;
import io.github.llr4j.core.train.TrainerView;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Writes a training run as TensorBoard event files into one folder (view with {@code tensorboard
 * --logdir DIR}), through an {@link EventWriter} (TensorFlow's summary ops in a graph of their
 * own). Add it to a run with {@code TrainerConfig.builder(...).listener(TensorBoard.into(dir))}.
 *
 * <ul>
 *   <li>every step, x = global step ({@link StepScalars}): {@code train/loss}, {@code
 *       train/reshaped_loss}, {@code train/gradient_factor}, {@code train/learning_rate} and
 *       {@code hyperparameters/<name>}; buffered and written every few hundred values, so a step
 *       costs array stores;
 *   <li>every epoch, x = epoch index (metrics.jsonl's {@code epoch}): {@code epoch/<key>} for each
 *       number of the epoch's metrics.jsonl record (train/val/test loss and accuracy, learning
 *       rate, seconds, robust metrics, ...), {@code flatness/<key>} for the flatness measures when
 *       tracked; histograms {@code weights/<variable>} of every trainable variable and {@code
 *       gradients/<variable>} of the training objective's gradient on the first training batch
 *       (epoch-0 order, the same batch every epoch; through the input hook when there is one, e.g.
 *       adversarial examples); for image data, {@code misclassified/<set>}:
 *       a grid of the first misclassified examples of the test set (val without one) with the
 *       table {@code misclassified/<set>_labels} of their true and predicted classes;
 *   <li>at the start: the training graph (TensorBoard's graph view).
 * </ul>
 *
 * <p>A resumed run opens a new event file in the same folder and continues at the checkpoint's
 * global step; it first logs a session start at that step, so TensorBoard drops what the earlier
 * run logged past its checkpoint. Event files are flushed after every epoch and when training
 * stops.
 */
public final class TensorBoard implements TrainingListener {
  /** Tiles of the misclassified-examples grid. */
  public static final int MAX_IMAGES = 64;
  /** Examples scanned for misclassified ones per epoch, at most. */
  public static final int MAX_SCANNED = 2048;
  private static final Set<String> FLATNESS = Set.of("lambda_max", "lambda_max_iterations", "hessian_trace",
      "hessian_trace_stderr", "sharpness_1d", "flatness_seconds");

  private final Path dir;
  private final StepScalars steps = new StepScalars();
  private EventWriter writer;
  private TrainingClock lastClock;
  private Batch gradientBatch;

  private TensorBoard(Path dir) {
    this.dir = Require.notNull("dir", dir, "pass the folder for the event files, e.g. RUN/tensorboard");
  }

  /** A listener that writes into {@code dir} (created when training starts). */
  public static TensorBoard into(Path dir) {
    return new TensorBoard(dir);
  }

  public Path dir() {
    return dir;
  }

  @Override
  public void started(TrainerView run, long step, boolean resumed) {
    close();
    writer = new EventWriter(dir);
    if (resumed) writer.sessionStart(step);
    writer.graph(step, run.graph().toGraphDef().toByteArray());
  }

  @Override
  public void stepDone(TrainingClock clock, Trainer.StepOutcome outcome) {
    lastClock = clock;
    steps.add(writer, clock.step(), outcome);
  }

  @Override
  public void epochDone(TrainerView run, int epoch, long step, Map<String, Object> record) {
    steps.write(writer);
    for (Map.Entry<String, Object> e : record.entrySet())
      if (e.getValue() instanceof Number n && !e.getKey().equals("epoch") && !e.getKey().equals("steps"))
        writer.scalar((FLATNESS.contains(e.getKey()) ? "flatness/" : "epoch/") + e.getKey(), epoch, n.doubleValue());
    weights(run.session(), run.model().trainableVariables(), epoch);
    gradients(run, epoch);
    images(run, epoch);
    writer.flush();
  }

  private void weights(Session session, List<Variable<TFloat32>> vars, int epoch) {
    Session.Runner r = session.runner();
    vars.forEach(r::fetch);
    try (Result values = r.run()) {
      for (int i = 0; i < vars.size(); i++)
        writer.histogram("weights/" + vars.get(i).op().name(), epoch, (TFloat32) values.get(i));
    }
  }

  private void gradients(TrainerView run, int epoch) {
    if (gradientBatch == null) {
      Iterator<Batch> it = run.train().epoch(0);
      if (!it.hasNext()) return;
      gradientBatch = it.next();
    }
    List<Variable<TFloat32>> vars = run.model().trainableVariables();
    List<TFloat32> g = run.gradients(gradientBatch, lastClock);
    try {
      for (int i = 0; i < vars.size(); i++) writer.histogram("gradients/" + vars.get(i).op().name(), epoch, g.get(i));
    } finally {
      g.forEach(TFloat32::close);
    }
  }

  private void images(TrainerView run, int epoch) {
    Map<String, io.github.llr4j.core.data.Batches> eval = run.evaluation();
    String name = eval.containsKey("test") ? "test" : eval.containsKey("val") ? "val" : null;
    Misclassified m = name == null ? null : Misclassified.of(eval.get(name), MAX_IMAGES, MAX_SCANNED);
    if (m == null) return;
    Misclassified.Found found = m.find(run);
    if (found.grid() == null) return;
    try (var grid = found.grid()) {
      writer.image("misclassified/" + name, epoch, grid);
    }
    writer.text("misclassified/" + name + "_labels", epoch, found.count() + " of the first " + found.examined()
        + " " + name + " examples are misclassified; the grid shows them row by row.\n\n" + found.table());
  }

  @Override
  public void stopped(long step) {
    if (writer == null) return;
    steps.write(writer);
    writer.flush();
  }

  /** Writes what is buffered and closes the event file; the listener can start again (a later fit). */
  @Override
  public void close() {
    if (gradientBatch != null) {
      gradientBatch.close();
      gradientBatch = null;
    }
    if (writer == null) return;
    try {
      steps.write(writer);
    } finally {
      steps.clear();
      writer.close();
      writer = null;
    }
  }
}
