package io.github.llr4j.core.reshape;

/** Parameter validation shared by the reshapers; messages follow "<name> must <constraint>, got <v>". */
final class Checks {
  private Checks() {}

  static double finite(String fn, String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(fn + " " + name + " must be finite, got " + v);
    }
    return v;
  }

  static double positive(String fn, String name, double v) {
    if (!(v > 0) || !Double.isFinite(v)) {
      throw new IllegalArgumentException(fn + " " + name + " must be > 0 and finite, got " + v);
    }
    return v;
  }
}
