package io.github.llr4j.core.train;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.hparam.TrainingClock;
import io.github.llr4j.core.nn.Model;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TType;

/**
 * Replaces the inputs of each training batch just before its step, on the current weights: the
 * inner maximisation of adversarial training (PGD-AT crafts the batch it trains on). The trainer
 * builds the hook once into its own graph, right after the model, so the hook's ops share the
 * model's variables; checkpoints, resume, reshaping and reports work as for plain training.
 */
public interface TrainingInputHook {

  /** Adds the hook's ops to the trainer's graph (called once, after the model is built). */
  void build(Ops tf, Model model, Class<? extends TType> inputType, Shape exampleShape);

  /**
   * The inputs to train on for {@code batch} at {@code clock}: a new tensor (the trainer closes
   * it after the step) or {@code batch.inputs()} itself.
   */
  Tensor inputs(Session session, Batch batch, TrainingClock clock);

  /** Settings for reports and the checkpoint's configuration hash. */
  String describe();
}
