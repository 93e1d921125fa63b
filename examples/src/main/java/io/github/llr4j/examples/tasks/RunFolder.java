package io.github.llr4j.examples.tasks;

import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** Output-folder rules shared by the training commands: never overwrite a run by accident. */
public final class RunFolder {

  private RunFolder() {}

  /**
   * A new run needs a folder without a previous run's metrics or checkpoint; {@code --resume}
   * needs one with a checkpoint.
   */
  public static void checkUsable(Path dir, boolean resume) {
    boolean hasRun = Files.exists(dir.resolve("metrics.jsonl")) || Files.exists(dir.resolve("checkpoint"))
        || Files.exists(dir.resolve("checkpoint.old"));
    if (resume && !hasRun)
      throw new IllegalArgumentException("--resume needs a run folder with a checkpoint, got " + dir
          + " (nothing to resume; drop --resume to start a new run)");
    if (!resume && hasRun)
      throw new IllegalArgumentException("output folder " + dir + " already holds a run; pass --resume to"
          + " continue it, or choose another folder with --out");
  }

  public static Path create(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create output folder " + dir, e);
    }
  }

  /** Trainable parameters of {@code spec}, counted on a throw-away graph. */
  public static long parameterCount(ModelSpec spec) {
    try (Graph g = new Graph()) {
      return spec.build(Ops.create(g), 0).parameterCount();
    }
  }

  /** The closing lines of a run: final and best evaluation metrics, speed, where the files are. */
  public static void printResult(PrintWriter w, Trainer.Result r, Path dir) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> e : r.finalMetrics().entrySet()) {
      if (e.getKey().endsWith("_accuracy") && e.getValue() instanceof Double d)
        b.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), d));
    }
    // at_selected_* repeats at_best_val_* under the default rule; show it when a selection kept weights
    boolean kept = Files.isDirectory(dir.resolve(Trainer.BEST_DIR));
    r.bestMetrics().forEach((k, v) -> {
      if (k.startsWith("at_selected_") && !kept) return;
      if (k.endsWith("_accuracy")) b.append(String.format(Locale.ROOT, "  %s %.4f", k.startsWith("at_") ? k : "best_" + k, v));
    });
    w.printf(Locale.ROOT, "done: %d epochs, %d steps, %.1f ms/step (median)%s%n", r.epochsCompleted(), r.steps(),
        r.msPerStepMedian(), b);
    Double selected = r.bestMetrics().get("selected_epoch");
    if (selected != null && Files.isDirectory(dir.resolve(Trainer.BEST_DIR)))
      w.printf(Locale.ROOT, "selected epoch %d; its weights are in %s (use it as --checkpoint)%n", selected.intValue(),
          dir.resolve(Trainer.BEST_DIR));
    w.printf("results in %s (summary.json, metrics.jsonl, checkpoint/)%n", dir);
    w.flush();
  }
}
