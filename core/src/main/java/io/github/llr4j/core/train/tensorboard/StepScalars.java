package io.github.llr4j.core.train.tensorboard;

import io.github.llr4j.core.train.Trainer;
import java.util.HashMap;
import java.util.Map;

/**
 * Buffers the per-step scalars in Java arrays and hands them to the {@link EventWriter} in one
 * session run per {@value #CAPACITY} values: a step costs a few array stores, not a TensorFlow
 * call. Tags: {@code train/loss} (L), {@code train/reshaped_loss} (L_fin), {@code
 * train/gradient_factor} (f'), {@code train/learning_rate} (the fed {@code learning_rate} or
 * {@code lr}) and {@code hyperparameters/<name>} for every other fed value; step = global step.
 */
final class StepScalars {
  static final int CAPACITY = 512;

  private final String[] tags = new String[CAPACITY];
  private final long[] steps = new long[CAPACITY];
  private final float[] values = new float[CAPACITY];
  private final Map<String, String> tagOf = new HashMap<>();
  private int count;

  /** Adds the step's values, writing the buffer to {@code writer} first when they would not fit. */
  void add(EventWriter writer, long step, Trainer.StepOutcome o) {
    if (count + 3 + o.hyperparameters().size() > CAPACITY) write(writer);
    put("train/loss", step, o.loss());
    put("train/reshaped_loss", step, o.reshapedLoss());
    put("train/gradient_factor", step, o.gradientFactor());
    for (Map.Entry<String, Double> e : o.hyperparameters().entrySet())
      if (count < CAPACITY) put(tagOf.computeIfAbsent(e.getKey(), StepScalars::tag), step, e.getValue().floatValue());
  }

  private static String tag(String name) {
    return name.equals("learning_rate") || name.equals("lr") ? "train/learning_rate" : "hyperparameters/" + name;
  }

  private void put(String tag, long step, float value) {
    tags[count] = tag;
    steps[count] = step;
    values[count] = value;
    count++;
  }

  /** Writes and empties the buffer. */
  void write(EventWriter writer) {
    if (count == 0) return;
    writer.scalars(tags, steps, values, count);
    count = 0;
  }

  /** Drops what is buffered (the writer is gone). */
  void clear() {
    count = 0;
  }
}
