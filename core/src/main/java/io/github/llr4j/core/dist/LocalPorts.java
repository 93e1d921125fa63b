package io.github.llr4j.core.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Free localhost ports for a cluster on one machine (tests, {@code --local-workers}). The ports
 * are probed by binding port 0 and released before the servers bind them, so another program may
 * take one in between: a server that cannot bind then fails at start-up with TensorFlow's error.
 */
public final class LocalPorts {
  private LocalPorts() {}

  /** {@code n} distinct addresses {@code localhost:PORT}. */
  public static List<String> addresses(int n) {
    List<String> out = new ArrayList<>();
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        held.add(s);
        out.add("localhost:" + s.getLocalPort());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free localhost port", e);
    } finally {
      for (ServerSocket s : held) {
        try {
          s.close();
        } catch (IOException ignored) {
          // only probed
        }
      }
    }
  }
}
