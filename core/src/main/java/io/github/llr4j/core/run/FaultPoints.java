package io.github.llr4j.core.run;

/**
 * Named points in the run-folder writes at which a crash test stops the JVM like a SIGKILL
 * ({@link Runtime#halt}: no shutdown hooks, no buffered writes flushed). Off unless the system
 * property {@code llr4j.test.halt-at} is {@code <point>[#<n>]}: the process halts the n-th time
 * (default 1st) it reaches a point whose name starts with {@code <point>}. Only the fault-injection
 * test sets the property.
 *
 * <p>{@code llr4j.test.pause-at}, in the same form, instead prints {@code fault point <name>:
 * paused} and stops the calling thread for good (the process, its other threads and its
 * TensorFlow server live on): a test then kills the process from outside with a real SIGKILL at a
 * known step (the data-parallel kill-and-resume test).
 */
public final class FaultPoints {
  private static final Spec HALT = Spec.parse(System.getProperty("llr4j.test.halt-at"));
  private static final Spec PAUSE = Spec.parse(System.getProperty("llr4j.test.pause-at"));

  /** {@code <point>[#<n>]} and how often the point was reached so far. */
  private static final class Spec {
    final String point;
    final int nth;
    int seen;

    private Spec(String point, int nth) {
      this.point = point;
      this.nth = nth;
    }

    static Spec parse(String spec) {
      if (spec == null || spec.isBlank()) return null;
      int hash = spec.lastIndexOf('#');
      return new Spec(hash < 0 ? spec : spec.substring(0, hash), hash < 0 ? 1 : Integer.parseInt(spec.substring(hash + 1)));
    }

    /** True the n-th time a point this spec names is reached. */
    boolean due(String name) {
      if (!name.startsWith(point)) return false;
      synchronized (this) {
        return ++seen == nth;
      }
    }
  }

  private FaultPoints() {}

  /** Marks {@code name} as reached; halts the JVM with status 137 (or pauses) when a property names it. */
  public static void reach(String name) {
    if (HALT != null && HALT.due(name)) {
      System.out.flush();
      Runtime.getRuntime().halt(137);
    }
    if (PAUSE != null && PAUSE.due(name)) {
      System.out.println("fault point " + name + ": paused");
      System.out.flush();
      while (true) {
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          // paused for good: only a kill from outside ends it
        }
      }
    }
  }
}
