package io.github.llr4j.core.train.report;

import java.util.Arrays;

/** Wall times of training steps, for the median ms per step a run reports. */
public final class StepTimes {
  private long[] nanos = new long[1024];
  private int count;

  public void add(long stepNanos) {
    if (count == nanos.length) nanos = Arrays.copyOf(nanos, count * 2);
    nanos[count++] = stepNanos;
  }

  public int count() {
    return count;
  }

  /** Median in milliseconds, NaN without steps. */
  public double medianMillis() {
    if (count == 0) return Double.NaN;
    long[] s = Arrays.copyOf(nanos, count);
    Arrays.sort(s);
    return (count % 2 == 1 ? s[count / 2] : (s[count / 2 - 1] + s[count / 2]) / 2.0) / 1e6;
  }
}
