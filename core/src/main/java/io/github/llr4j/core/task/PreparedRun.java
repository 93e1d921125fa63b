package io.github.llr4j.core.task;

import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.core.train.Trainer;
import io.github.llr4j.core.train.TrainerConfig;
import java.util.Map;

/**
 * What a task contributes to one run once its data are loaded: the model spec (built once), the
 * batches, the run card and the hooks of {@link TrainingRun#run}. The hooks run in this order:
 * {@link #configure}, {@link #started}, {@link #writeFiles}, (card written), {@link #beforeFit},
 * (fit), {@link #afterFit}.
 */
public interface PreparedRun {

  /** The model to train. */
  ModelSpec model();

  /** The training batches. */
  Batches train();

  /** The evaluation sets by name ({@code val}, {@code test}), evaluated after every epoch. */
  Map<String, Batches> evaluation();

  /** The seed of the weights and the data order. */
  long seed();

  /** The run card {@code model.json}: enough to rebuild the model for prediction. */
  RunCard card();

  /**
   * Adds the task's parts to the configuration the skeleton started (data identity, a loss, an
   * input hook, epoch metrics, selection).
   */
  void configure(TrainerConfig.Builder builder);

  /** The trainer exists (its model is built): a banner that counts its parameters, for example. */
  default void started(Trainer trainer) {}

  /** Files the run folder holds beside the card (a vocabulary); after a resume was checked. */
  default void writeFiles(RunFolder folder) {}

  /** Just before fitting: initial weights from a pretrained source, for example. */
  default void beforeFit(Trainer trainer) {}

  /** After fitting, with the trainer still open: extra metrics into {@code summary.json}, for example. */
  default void afterFit(Trainer trainer, Trainer.Result result, RunFolder folder) {}
}
