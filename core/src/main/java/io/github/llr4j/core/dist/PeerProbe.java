package io.github.llr4j.core.dist;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Names the workers that do not answer, for the message of a failed collective. TensorFlow's
 * error ("Operation timed out", "failed to connect to all addresses") does not say which task is
 * missing; a TCP connect to each peer's server port does. Diagnostics (and {@link ChiefWatchdog}'s
 * liveness check) only: no data goes this way.
 */
final class PeerProbe {
  private PeerProbe() {}

  /** The tasks (with their addresses) whose server port refuses or does not accept a connection. */
  static List<String> unreachable(ClusterSpec cluster, int connectTimeoutMs) {
    List<String> out = new ArrayList<>();
    for (int task = 0; task < cluster.size(); task++) {
      if (task != cluster.rank() && !answers(cluster, task, connectTimeoutMs))
        out.add("worker " + task + " (" + cluster.address(task) + ")");
    }
    return out;
  }

  /** Whether {@code task}'s server port accepts a TCP connection within {@code connectTimeoutMs}. */
  static boolean answers(ClusterSpec cluster, int task, int connectTimeoutMs) {
    String a = cluster.address(task);
    int colon = a.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1))),
          connectTimeoutMs);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
