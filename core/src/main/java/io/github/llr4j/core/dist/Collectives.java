package io.github.llr4j.core.dist;

import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Builds TensorFlow's collective all-reduce ({@code CollectiveReduce}, sum over the group) into a
 * graph. Every worker builds the same graph, so the n-th all-reduce built gets instance key n on
 * every worker and the collective runtime pairs them; the group key is fixed per graph.
 *
 * <p>The op is added by name: TF-Java 1.0.0 wraps only {@code CollectiveReduceV3}, which needs a
 * communicator resource; the attribute form (group size, group key, instance key) is the one the
 * graph-mode multi-worker runtime pairs by instance key across sessions (verified on two servers).
 * Its {@code timeout_seconds} makes a missing peer an error instead of a hang.
 */
final class Collectives {
  /** The group of a training graph; other uses (timing) take their own so their instance keys never meet. */
  static final long TRAINING_GROUP = 1;
  private final long groupKey;
  private final int groupSize;
  private final float timeoutSeconds;
  private long nextInstanceKey = 1;
  private long floatsPerRun;

  Collectives(long groupKey, int groupSize, float timeoutSeconds) {
    this.groupKey = groupKey;
    this.groupSize = groupSize;
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Element-wise sum of {@code x} over all workers; {@code x} must have a static shape. Counted in {@link #floatsPerRun}. */
  Operand<TFloat32> sum(Ops tf, Operand<TFloat32> x) {
    floatsPerRun += x.shape().size();
    return build(tf, x);
  }

  /**
   * The same all-reduce for a one-off exchange (the start-of-run broadcast), not counted as per-step
   * traffic; any dtype the op takes (float32, float64, int32, int64).
   */
  <T extends TNumber> Operand<T> sumOnce(Ops tf, Operand<T> x) {
    return build(tf, x);
  }

  private <T extends TNumber> Operand<T> build(Ops tf, Operand<T> x) {
    long key = nextInstanceKey++;
    Operation op = tf.scope().opBuilder("CollectiveReduce", "all_reduce_sum")
        .addInput(x.asOutput())
        .setAttr("group_size", groupSize)
        .setAttr("group_key", groupKey)
        .setAttr("instance_key", key)
        .setAttr("merge_op", "Add")
        .setAttr("final_op", "Id")
        .setAttr("subdiv_offsets", new long[] {0})
        .setAttr("timeout_seconds", timeoutSeconds)
        .build();
    return op.output(0);
  }

  /** Floats all-reduced when every built collective runs once (the payload of one step). */
  long floatsPerRun() { return floatsPerRun; }
}
