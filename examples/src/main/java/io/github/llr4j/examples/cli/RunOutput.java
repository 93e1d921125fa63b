package io.github.llr4j.examples.cli;

import io.github.llr4j.core.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * What the training commands print about a run: its closing lines. (Their banners count the
 * parameters of the trainer's own model, {@link Trainer#model()}, so no run builds its model twice.)
 * The run folder's state itself lives in core's {@link io.github.llr4j.core.run.RunFolder}.
 */
final class RunOutput {

  private RunOutput() {}

  /** The closing lines of a run: final and best evaluation metrics, speed, where the files are. */
  static void printResult(PrintWriter w, Trainer.Result r, Path dir) {
    if (r.alreadyFinished())
      w.printf("the run in %s already finished (%d epochs); its results are kept%n", dir, r.epochsCompleted());
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
