package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batch;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * Several devices of this process as replicas of one data-parallel step ("towers"): tower d runs
 * the forward and backward pass of its rows [dB/N, (d+1)B/N) of every global batch of B on device
 * d, and the towers combine the loss and the gradients with the same collective all-reduce as the
 * processes of a cluster ({@link GradientExchange}), here between devices of one session. The
 * weights (and optimizer state) exist once; the update is applied once, from tower 0's all-reduced
 * gradient, which equals every tower's.
 *
 * <p>{@link #cpu(int)} makes N virtual CPU devices (ConfigProto {@code device_count {"CPU": N}}),
 * which is how the tests run it and how it is checked to equal one device; they share the same
 * cores, so they are for tests, not for speed. Placement caveat (TF-Java 1.0.0): a tower's
 * forward ops are placed on its device, but the gradient ops TensorFlow adds for it
 * ({@code Graph.addGradients}, the C API's {@code TF_AddGradientsWithPrefix}) carry no device, and
 * TF-Java offers no way to set one afterwards, so where they run is left to TensorFlow's placer.
 * On virtual CPU devices that changes nothing; on GPUs nothing would keep tower d's backward pass
 * on GPU d, which is why no GPU variant is offered.
 */
public final class DeviceReplicas {
  /** Another group than a cluster's training group, so the two never pair. */
  private static final long GROUP = 3;
  /** Towers of one session wait for each other only for the length of one step's compute. */
  private static final float TIMEOUT_SECONDS = 600;

  private final int count;

  private DeviceReplicas(int count) {
    this.count = count;
  }

  /** {@code n} virtual CPU devices of this process (n >= 2). */
  public static DeviceReplicas cpu(int n) {
    Require.that(n >= 2, "number of devices", "be at least 2", n);
    return new DeviceReplicas(n);
  }

  public int count() { return count; }

  /** Where tower {@code d}'s ops go. */
  public DeviceSpec device(int d) {
    Require.that(d >= 0 && d < count, "device index", "be in [0, " + count + ")", d);
    return DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).deviceIndex(d).build();
  }

  /**
   * Tower {@code d}'s all-reduces. Build the towers' steps in the same order of collectives (the
   * k-th collective of every tower pairs with the k-th of the others by instance key).
   */
  public GradientExchange tower(int d) {
    Require.that(d >= 0 && d < count, "device index", "be in [0, " + count + ")", d);
    return new CollectiveExchange(new Collectives(GROUP, count, TIMEOUT_SECONDS));
  }

  /** Tower {@code d}'s rows of {@code global} (a new batch; the caller closes both). */
  public Batch shard(Batch global, int d) {
    return BatchShard.of(global, d, count);
  }

  /** A session with the devices. */
  public Session openSession(Graph graph) {
    return new Session(graph, ConfigProto.newBuilder().putDeviceCount("CPU", count).build());
  }

  @Override
  public String toString() {
    return count + " virtual CPU devices";
  }
}
