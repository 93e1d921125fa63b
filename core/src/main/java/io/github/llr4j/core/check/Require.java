package io.github.llr4j.core.check;

/**
 * Checks of arguments that throw {@link IllegalArgumentException} (the caller's fault) with one
 * message style: {@code "<name> must <constraint>, got <value>"}, optionally followed by
 * {@code "; <fix>"}. Each check returns the value it accepted, so it can stand in an assignment
 * or a constructor call.
 *
 * <p>NaN fails every numeric check (every comparison with NaN is false), and the checks named
 * {@code positive}/{@code nonNegative} also refuse infinities.
 */
public final class Require {

  private Require() {}

  /**
   * Throws {@code "<name> must <constraint>, got <value>"} unless {@code ok}.
   *
   * @param constraint the rule in words, starting with a verb: {@code "be in [0, 1)"}
   */
  public static void that(boolean ok, String name, String constraint, Object value) {
    if (!ok) throw new IllegalArgumentException(name + " must " + constraint + ", got " + value);
  }

  /** As {@link #that(boolean, String, String, Object)}, with {@code "; <fix>"} appended. */
  public static void that(boolean ok, String name, String constraint, Object value, String fix) {
    if (!ok) {
      throw new IllegalArgumentException(
          name + " must " + constraint + ", got " + value + "; " + fix);
    }
  }

  /** {@code value} if it is not null, else {@code "<name> must not be null"}. */
  public static <T> T notNull(String name, T value) {
    if (value == null) throw new IllegalArgumentException(name + " must not be null");
    return value;
  }

  /** {@code value} if it is not null, else {@code "<name> must not be null<hint>"}. */
  public static <T> T notNull(String name, T value, String hint) {
    if (value == null) throw new IllegalArgumentException(name + " must not be null" + hint);
    return value;
  }

  /** {@code value} if finite: {@code "<name> must be finite, got NaN"}. */
  public static double finite(String name, double value) {
    that(Double.isFinite(value), name, "be finite", value);
    return value;
  }

  /** {@code value} if finite and > 0: {@code "<name> must be finite and > 0, got 0.0"}. */
  public static double positive(String name, double value) {
    that(value > 0 && Double.isFinite(value), name, "be finite and > 0", value);
    return value;
  }

  /** {@code value} if > 0 (a size or a count): {@code "<name> must be positive, got 0"}. */
  public static int positive(String name, int value) {
    that(value > 0, name, "be positive", value);
    return value;
  }

  /** {@code value} if finite and >= 0: {@code "<name> must be finite and >= 0, got -1.0"}. */
  public static double nonNegative(String name, double value) {
    that(value >= 0 && Double.isFinite(value), name, "be finite and >= 0", value);
    return value;
  }

  /** {@code value} if in [0, 1) (a decay or momentum factor): {@code "<name> must be in [0, 1), got 1.0"}. */
  public static double fraction(String name, double value) {
    that(value >= 0 && value < 1, name, "be in [0, 1)", value);
    return value;
  }

  /** {@code value} if {@code >= min}: {@code "<name> must be >= 1, got 0"}. */
  public static int atLeast(String name, int value, int min) {
    that(value >= min, name, "be >= " + min, value);
    return value;
  }

  /** {@code value} if {@code >= min}: {@code "<name> must be >= 1, got 0"}. */
  public static long atLeast(String name, long value, long min) {
    that(value >= min, name, "be >= " + min, value);
    return value;
  }

  /**
   * The number of classes of a classifier, at least 2 (one class has nothing to decide):
   * {@code "classes must be >= 2, got 1"}.
   */
  public static int classes(int classes) {
    return atLeast("classes", classes, 2);
  }
}
