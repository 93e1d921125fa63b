package io.github.llr4j.examples.cli;

import io.github.llr4j.core.train.tensorboard.TensorBoard;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Path;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/**
 * {@code --tensorboard DIR|none}, shared by the commands that train or attack: where TensorBoard
 * event files go. Default: a {@code tensorboard} folder of the run; {@code none} writes none.
 */
public final class TensorBoardOption {

  @Option(names = "--tensorboard", paramLabel = "DIR|none",
      description = "TensorBoard event files: into DIR, or none (default RUN/tensorboard; README, section"
          + " TensorBoard, shows how to view them)")
  String value;

  /**
   * The event folder: {@code defaultDir} without the option, null for {@code none}, else the
   * given folder resolved against {@code sub} (the run's own sub-folder when one option serves
   * several runs; empty for one run).
   */
  public Path resolve(Path defaultDir, String sub) {
    if (value == null) return defaultDir;
    if (value.equals("none")) return null;
    if (value.isBlank()) throw new IllegalArgumentException("--tensorboard must be a folder or none, got an empty value");
    return Path.of(value).resolve(sub);
  }

  /** Trainer options (a run plan's) that add the TensorBoard listener ({@link #resolve}); nothing for none. */
  public Consumer<TrainerConfig.Builder> options(Path defaultDir, String sub) {
    Path dir = resolve(defaultDir, sub);
    return dir == null ? builder -> {} : builder -> builder.listener(TensorBoard.into(dir));
  }
}
