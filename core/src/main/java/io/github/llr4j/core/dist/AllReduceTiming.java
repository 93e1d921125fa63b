package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The communication cost of one data-parallel step measured alone: the same all-reduce a step
 * runs (one float32 vector of the gradient's size, summed over the workers), timed in its own
 * graph and session on this worker's server, every worker running it together. The fetch is a
 * scalar (the sum), so the time is the collective's, not a copy to Java.
 */
public final class AllReduceTiming {
  /** Its own collective group, so its instance keys never meet a training graph's. */
  private static final long GROUP = 2;

  /** {@code bytesSent}: per worker per all-reduce (ring: 2 (N-1)/N of the payload). */
  public record Timing(long floats, long bytesSent, int runs, double medianMs, double p90Ms) {}

  private AllReduceTiming() {}

  /** Runs {@code warmup} untimed then {@code runs} timed all-reduces of {@code floats} floats. */
  public static Timing measure(Replica replica, int floats, int warmup, int runs) {
    Require.atLeast("floats", floats, 1);
    Require.atLeast("runs", runs, 1);
    Require.atLeast("warmup", warmup, 0);
    Collectives c = new Collectives(GROUP, replica.cluster().size(), replica.timeout().toMillis() / 1000f);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> x = tf.fill(tf.constant(new int[] {floats}), tf.constant(1f));
      Operand<TFloat32> total = tf.reduceSum(c.sum(tf, tf.ensureShape(x, org.tensorflow.ndarray.Shape.of(floats))),
          tf.constant(0));
      try (Session s = replica.openSession(g); Replica.PeerWait w = replica.awaitingPeers()) {
        double[] ms = new double[runs];
        for (int i = -warmup; i < runs; i++) {
          long t0 = System.nanoTime();
          try (org.tensorflow.Result r = s.runner().fetch(total).run()) {
            float sum = ((TFloat32) r.get(0)).getFloat();
            float expected = (float) floats * replica.cluster().size();
            if (Math.abs(sum - expected) > 1e-3 * expected)
              throw new IllegalStateException("all-reduce returned " + sum + ", expected " + expected);
          }
          if (i >= 0) ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return new Timing(floats, Replica.ringBytesSent(floats, replica.cluster().size()), runs, ms[runs / 2],
            ms[Math.min(runs - 1, (int) Math.ceil(0.9 * runs) - 1)]);
      }
    } catch (org.tensorflow.exceptions.TensorFlowException e) {
      throw replica.failure(e);
    }
  }
}
