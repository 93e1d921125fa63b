package io.github.llr4j.core.run;

/**
 * Named points in the run-folder writes at which a crash test stops the JVM like a SIGKILL
 * ({@link Runtime#halt}: no shutdown hooks, no buffered writes flushed). Off unless the system
 * property {@code llr4j.test.halt-at} is {@code <point>[#<n>]}: the process halts the n-th time
 * (default 1st) it reaches a point whose name starts with {@code <point>}. Only the fault-injection
 * test sets the property.
 */
public final class FaultPoints {
  private static final String SPEC = System.getProperty("llr4j.test.halt-at");
  private static final String POINT;
  private static final int NTH;
  private static int seen;

  static {
    if (SPEC == null || SPEC.isBlank()) {
      POINT = null;
      NTH = 0;
    } else {
      int hash = SPEC.lastIndexOf('#');
      POINT = hash < 0 ? SPEC : SPEC.substring(0, hash);
      NTH = hash < 0 ? 1 : Integer.parseInt(SPEC.substring(hash + 1));
    }
  }

  private FaultPoints() {}

  /** Marks {@code name} as reached; halts the JVM with status 137 when the property names it. */
  public static void reach(String name) {
    if (POINT == null || !name.startsWith(POINT)) return;
    synchronized (FaultPoints.class) {
      if (++seen == NTH) {
        System.out.flush();
        Runtime.getRuntime().halt(137);
      }
    }
  }
}
