package io.github.llr4j.core.train.report;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Step progress: a redrawn one-line bar (loss, gradient factor, it/s, ms/step) at most every
 * 200 ms when a console is attached, otherwise a plain line every {@code interval} steps. Costs
 * one clock read and a comparison per step when nothing is printed.
 */
public final class Progress {

  private final PrintStream out;
  private final boolean console;
  private final int interval;
  private long lastPrint;
  private long windowStart;
  private long windowSteps;

  public Progress(PrintStream out, boolean console, int interval) {
    this.out = out;
    this.console = console;
    this.interval = interval;
    this.windowStart = System.nanoTime();
  }

  /** Reports step {@code stepInEpoch + 1} of {@code stepsPerEpoch} in {@code epoch}. */
  public void step(int epoch, long stepInEpoch, long stepsPerEpoch, double loss, double factor) {
    if (interval == 0) return;
    windowSteps++;
    long now = System.nanoTime();
    boolean last = stepInEpoch + 1 == stepsPerEpoch;
    boolean due = console ? now - lastPrint > 200_000_000L || last : (stepInEpoch + 1) % interval == 0 || last;
    if (!due) return;
    double secs = (now - windowStart) / 1e9;
    double itPerSec = secs > 0 ? windowSteps / secs : 0;
    String stats = String.format(Locale.ROOT, "loss %.4f  f' %.3f  %.1f it/s  %.1f ms/step",
        loss, factor, itPerSec, itPerSec > 0 ? 1000 / itPerSec : 0);
    if (console) {
      int width = 24;
      int filled = (int) (width * (stepInEpoch + 1) / stepsPerEpoch);
      out.print(String.format(Locale.ROOT, "\repoch %d [%s%s] %d/%d  %s", epoch,
          "#".repeat(filled), ".".repeat(width - filled), stepInEpoch + 1, stepsPerEpoch, stats));
      if (last) out.println();
    } else {
      out.println(String.format(Locale.ROOT, "epoch %d step %d/%d  %s", epoch, stepInEpoch + 1, stepsPerEpoch, stats));
    }
    out.flush();
    lastPrint = now;
    windowStart = now;
    windowSteps = 0;
  }

  /** One human-readable line per epoch: the losses, the evaluation metrics and the time. */
  public static String epochLine(java.util.Map<String, Object> rec) {
    StringBuilder b = new StringBuilder("epoch ").append(rec.get("epoch")).append(" done:");
    for (java.util.Map.Entry<String, Object> e : rec.entrySet()) {
      String k = e.getKey();
      if (e.getValue() instanceof Double d && (k.endsWith("loss") || k.endsWith("accuracy")
          || k.equals("learning_rate") || k.equals("gradient_factor") || k.equals("lambda_max")
          || k.equals("hessian_trace") || k.equals("sharpness_1d")))
        b.append(String.format(java.util.Locale.ROOT, " %s %.4g", k, d));
    }
    return b.append(String.format(java.util.Locale.ROOT, " (%.1f s)", (Double) rec.get("seconds"))).toString();
  }
}
