package io.github.llr4j.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * How a model is applied in one pass: training or inference behaviour (batch norm statistics,
 * dropout), and where state updates of that pass (batch-norm moving averages) go.
 *
 * <p>State updates are collected, not run: whoever builds the step decides to run them together
 * with the optimizer update. A pass that must not touch the statistics (the second SAM pass, an
 * attack crafted in training mode) uses {@link #trainingWithoutUpdates}.
 */
public final class ModelContext {
  private final Ops tf;
  private final boolean training;
  private final boolean recordUpdates;
  private final Operand<TInt64> seed;
  private final List<Op> updates = new ArrayList<>();

  private ModelContext(Ops tf, boolean training, boolean recordUpdates, Operand<TInt64> seed) {
    this.tf = tf;
    this.training = training;
    this.recordUpdates = recordUpdates;
    this.seed = seed;
  }

  /**
   * Training behaviour; state updates are recorded. {@code seed} is an int64 {@code [2]} operand
   * for stateless random ops (dropout); the trainer feeds (run seed, step) so that every step draws
   * new masks and a resumed run draws the same ones as an uninterrupted run.
   */
  public static ModelContext training(Ops tf, Operand<TInt64> seed) {
    return new ModelContext(tf, true, true, seed);
  }

  /** Training behaviour (batch statistics, dropout) but state updates are dropped. */
  public static ModelContext trainingWithoutUpdates(Ops tf, Operand<TInt64> seed) {
    return new ModelContext(tf, true, false, seed);
  }

  /** Training behaviour with a fixed seed pair, for tests and one-off graphs. */
  public static ModelContext training(Ops tf, long seed) {
    return training(tf, tf.constant(new long[] {seed, 0L}));
  }

  /** Inference behaviour: moving statistics, no dropout, no updates. */
  public static ModelContext inference(Ops tf) {
    return new ModelContext(tf, false, false, tf.constant(new long[] {0L, 0L}));
  }

  public Ops tf() {
    return tf;
  }

  public boolean training() {
    return training;
  }

  /**
   * Seed pair (int64 {@code [2]}) for stateless random ops of this pass; each layer mixes in its own
   * constant so two dropout layers never share a mask.
   */
  public Operand<TInt64> seed() {
    return seed;
  }

  /** A layer reports a state update (e.g. a moving-average assign) of this pass. */
  public void addUpdate(Op update) {
    if (recordUpdates) {
      updates.add(update);
    }
  }

  /** The state updates recorded so far, in the order the layers reported them. */
  public List<Op> updates() {
    return List.copyOf(updates);
  }
}
