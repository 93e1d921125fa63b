package io.github.llr4j.core.train;

import io.github.llr4j.core.hparam.TrainingClock;
import java.util.Map;

/**
 * Observes a {@link Trainer}'s run without being part of its loop: TensorBoard event files, for
 * example ({@code io.github.llr4j.core.train.tensorboard.TensorBoard}). The trainer calls it from
 * its own thread: {@link #started} once per {@link Trainer#fit} before the first step, {@link
 * #stepDone} after every step with the scalars the step fetched anyway, {@link #epochDone} after
 * each finished epoch with its {@code metrics.jsonl} record, {@link #stopped} when {@code fit}
 * returns, and {@link #close} when the trainer closes (also after a failure). {@link #stepDone}
 * runs inside the timed training loop, so it must stay cheap (buffer, write later); the epoch
 * hooks may run the model through {@link TrainerView}. A resumed run calls {@link #started} with
 * the checkpoint's global step, so steps continue; a resumed run that had already finished calls
 * nothing. Listeners are not part of the configuration hash: adding or removing one does not
 * refuse a resume.
 */
public interface TrainingListener extends AutoCloseable {

  /**
   * Before the first step of {@link Trainer#fit}; {@code step} is the global step training starts
   * at (0, or the checkpoint's step when resumed) and {@code resumed} tells which.
   */
  default void started(TrainerView run, long step, boolean resumed) {}

  /** After the step at {@code clock}: L, L_fin, f' and the fed hyperparameters it fetched. */
  default void stepDone(TrainingClock clock, Trainer.StepOutcome outcome) {}

  /**
   * After epoch {@code epoch} ended at global step {@code step} and its record (the line of
   * {@code metrics.jsonl}: training means, evaluation metrics, flatness when tracked) was written.
   */
  default void epochDone(TrainerView run, int epoch, long step, Map<String, Object> record) {}

  /** When {@link Trainer#fit} returns at global step {@code step} (finished or stopped by a step limit). */
  default void stopped(long step) {}

  /** Releases what the listener holds; called when the trainer closes, also after a failure. */
  @Override
  default void close() {}
}
