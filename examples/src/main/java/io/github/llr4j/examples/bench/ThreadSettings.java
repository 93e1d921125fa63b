package io.github.llr4j.examples.bench;

import java.util.Map;

/**
 * The thread settings a framework comparison ran with, for its header line. TensorFlow sizes its
 * pools from {@code TF_NUM_INTRAOP_THREADS} / {@code TF_NUM_INTEROP_THREADS} (read by the native
 * runtime for every session; unset or 0: one thread per core each); the PyTorch reference's are in
 * {@link TorchReference.Info#describe()}.
 */
public final class ThreadSettings {

  private ThreadSettings() {}

  /** E.g. {@code tensorflow intra-op 2, inter-op 2 (2 cores)}. */
  public static String tensorflow() {
    return tensorflow(System.getenv(), Runtime.getRuntime().availableProcessors());
  }

  static String tensorflow(Map<String, String> env, int cores) {
    return "tensorflow intra-op " + threads(env.get("TF_NUM_INTRAOP_THREADS"), cores) + ", inter-op "
        + threads(env.get("TF_NUM_INTEROP_THREADS"), cores) + " (" + cores + " cores)";
  }

  private static String threads(String value, int cores) {
    if (value == null || value.isBlank()) return cores + " (default)";
    try {
      int n = Integer.parseInt(value.strip());
      return n <= 0 ? cores + " (default)" : Integer.toString(n);
    } catch (NumberFormatException e) {
      return cores + " (default; '" + value + "' is not a number)";
    }
  }
}
