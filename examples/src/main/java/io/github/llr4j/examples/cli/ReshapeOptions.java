package io.github.llr4j.examples.cli;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.reshape.InitialLoss;
import io.github.llr4j.core.reshape.ReshapeSchedule;
import io.github.llr4j.core.reshape.ReshapedObjective;
import io.github.llr4j.core.reshape.Sech;
import io.github.llr4j.core.reshape.Reshapers;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The reshaping flags every training command shares ({@code --reshape NAME --param k=v
 * --initial-loss ... --start-last N --calm-down K --cyclic-b end:cycles}), turned into a
 * {@link ReshapedObjective}. Defaults are the paper's CIFAR recipe: L0 evaluated before step 0.
 */
public final class ReshapeOptions {

  @Option(names = "--reshape", paramLabel = "NAME", defaultValue = "none",
      description = "reshaping function: none (plain loss), one of ${COMPLETION-CANDIDATES}, or expr:FORMULA, a formula"
          + " in x with + - * / ^, exp log sqrt abs tanh sinh cosh sech atan, pi, e and coefficients given by --param"
          + " (e.g. expr:x+a*x^2 --param a=1) (default: none)",
      completionCandidates = ReshapeCommand.Names.class)
  String reshape;

  @Option(names = "--param", paramLabel = "k=v",
      description = "coefficient of the reshaping function (repeatable), e.g. --param a=2.5")
  List<String> params = new ArrayList<>();

  @Option(names = "--initial-loss", paramLabel = "MODE", defaultValue = "evaluated",
      description = "L0: evaluated (the untrained model's inference-mode mean loss over the whole training set, "
          + "the default, as in the reference), evaluated:N (over the first N batches; 0 = all), first-epoch, "
          + "none (f(L) without L0), or a number")
  String initialLoss;

  @Option(names = "--start-last", paramLabel = "N", defaultValue = "0",
      description = "reshape only in the last N epochs (0 = from epoch 0)")
  int startLast;

  @Option(names = "--calm-down", paramLabel = "K", defaultValue = "0",
      description = "train the last K epochs on the plain loss")
  int calmDown;

  @Option(names = "--cyclic-b", paramLabel = "end:cycles",
      description = "sech only: b(e) = b0 + end*((e + I - 1) mod I)/I with I = epochs/cycles")
  String cyclicB;

  /** The function's name for folder names: {@code expr} for a formula (which may hold '/' or '*'). */
  public String tag() {
    return reshape.startsWith(Reshapers.EXPRESSION_PREFIX) ? "expr" : reshape;
  }

  /** The objective these flags describe, for a run of {@code epochs} epochs. */
  public ReshapedObjective objective(int epochs) {
    if ("none".equals(reshape) || "plain".equals(reshape)) {
      if (!params.isEmpty() || cyclicB != null || startLast != 0 || calmDown != 0)
        throw new IllegalArgumentException("--param, --cyclic-b, --start-last and --calm-down need"
            + " --reshape NAME, got --reshape " + reshape);
      return ReshapedObjective.plain();
    }
    var reshaper = Reshapers.create(reshape, Args.keyValues("--param", params));
    var b = ReshapedObjective.builder(reshaper).initialLoss(parseInitialLoss(initialLoss))
        .schedule(new ReshapeSchedule(startLast, calmDown));
    if (cyclicB != null) {
      if (!"sech".equals(reshape))
        throw new IllegalArgumentException("--cyclic-b applies to sech only, got --reshape " + reshape);
      String[] p = cyclicB.split(":", -1);
      if (p.length != 2)
        throw new IllegalArgumentException("--cyclic-b must be end:cycles (e.g. 0.3:4), got '" + cyclicB + "'");
      double b0 = reshaper.coefficients().get("b");
      int cycles = parseInt("--cyclic-b cycles", p[1]);
      if (cycles < 1 || cycles > epochs)
        throw new IllegalArgumentException("--cyclic-b cycles must be in [1, epochs = " + epochs + "], got " + cycles);
      double end = Args.finite("--cyclic-b end", p[0]);
      // b runs through [b0, b0 + end): the widest b must be usable too (same a, plus-base)
      if (end > 0 && reshaper instanceof Sech s)
        new Sech(s.a(), b0 + end, s.plusBase(), s.shift());
      b.coefficient("b", Schedule.cyclic(b0, end, cycles));
    }
    return b.build();
  }

  static InitialLoss parseInitialLoss(String text) {
    String t = text.trim();
    if (t.equals("none")) return InitialLoss.none();
    if (t.equals("first-epoch")) return InitialLoss.firstEpoch();
    if (t.equals("evaluated")) return InitialLoss.evaluated(0);
    if (t.startsWith("evaluated:")) {
      int n = parseInt("--initial-loss evaluated:N", t.substring("evaluated:".length()));
      Require.that(n >= 0, "--initial-loss evaluated:N", "have N >= 0", n);
      return InitialLoss.evaluated(n);
    }
    double l0;
    try {
      l0 = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      l0 = Double.NaN;
    }
    if (!(l0 > 0) || Double.isInfinite(l0))
      throw new IllegalArgumentException("--initial-loss must be evaluated[:N], first-epoch, none or a"
          + " positive number, got '" + text + "'");
    return InitialLoss.fixed(l0);
  }

  private static int parseInt(String what, String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be an integer, got '" + s + "'");
    }
  }
}
