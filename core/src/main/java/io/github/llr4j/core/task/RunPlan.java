package io.github.llr4j.core.task;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.train.TrainerConfig;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How one run is trained and where it goes, beside a task's data settings: the objective, the
 * optimizer (built by {@link OptimizerFactory} once the batches per epoch are known), the budget
 * and the run folder. Built by {@link #builder(OptimizerFactory, int, Path)}.
 *
 * @param objective the training objective (plain cross-entropy or a reshaped one)
 * @param optimizer builds the optimizer from the batches per epoch
 * @param epochs epochs to train, >= 1
 * @param out the run folder
 * @param resume whether to continue the run in {@code out} from its last checkpoint
 * @param maxSteps stop after this many steps in total (0 = no limit)
 * @param logEvery steps between progress lines without a console (0 = quiet)
 * @param trainerOptions further trainer settings of the caller (event logs, precision, flatness
 *     tracking), applied after the task's own; never null
 */
public record RunPlan(ReshapedObjective objective, OptimizerFactory optimizer, int epochs, Path out, boolean resume,
    long maxSteps, int logEvery, Consumer<TrainerConfig.Builder> trainerOptions) {

  public RunPlan {
    Require.notNull("objective", objective);
    Require.notNull("optimizer", optimizer);
    Require.atLeast("epochs", epochs, 1);
    Require.notNull("out", out, " (the run folder)");
    Require.that(maxSteps >= 0, "maxSteps", "be >= 0 (0 = no limit)", maxSteps);
    Require.that(logEvery >= 0, "logEvery", "be >= 0 (0 = quiet)", logEvery);
    Require.notNull("trainerOptions", trainerOptions);
  }

  /** A plan for {@code epochs} epochs into {@code out}: plain objective, fresh run, no step limit, a line every 50 steps. */
  public static Builder builder(OptimizerFactory optimizer, int epochs, Path out) {
    return new Builder(optimizer, epochs, out);
  }

  /** Builds a {@link RunPlan}; the record checks the values. */
  public static final class Builder {
    private final OptimizerFactory optimizer;
    private final int epochs;
    private final Path out;
    private ReshapedObjective objective = ReshapedObjective.plain();
    private boolean resume;
    private long maxSteps;
    private int logEvery = 50;
    private Consumer<TrainerConfig.Builder> trainerOptions = b -> {};

    private Builder(OptimizerFactory optimizer, int epochs, Path out) {
      this.optimizer = optimizer;
      this.epochs = epochs;
      this.out = out;
    }

    public Builder objective(ReshapedObjective v) { objective = v; return this; }
    public Builder resume(boolean v) { resume = v; return this; }
    public Builder maxSteps(long v) { maxSteps = v; return this; }
    public Builder logEvery(int v) { logEvery = v; return this; }
    public Builder trainerOptions(Consumer<TrainerConfig.Builder> v) { trainerOptions = v; return this; }

    public RunPlan build() {
      return new RunPlan(objective, optimizer, epochs, out, resume, maxSteps, logEvery, trainerOptions);
    }
  }
}
