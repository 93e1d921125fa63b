package io.github.llr4j.examples.cli;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Scaled;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.AdamW;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Optimizer and learning-rate flags shared by the training commands. Unset flags take the task's
 * recipe ({@link Defaults}): the vision recipe is momentum SGD, lr 0.1, cosine, weight decay 5e-4;
 * the text recipe AdamW with warm-up and linear decay.
 */
public final class OptimizerOptions {

  /** A task's defaults for the flags left unset. */
  public record Defaults(String optimizer, double lr, double weightDecay, String schedule) {}

  @Option(names = "--optimizer", paramLabel = "NAME",
      description = "sgd (momentum), nesterov, or adamw (default: the task's recipe)")
  String optimizer;

  @Option(names = "--lr", paramLabel = "RATE", description = "peak learning rate (default: the task's recipe)")
  Double lr;

  @Option(names = "--momentum", paramLabel = "M", defaultValue = "0.9", description = "SGD momentum (default 0.9)")
  double momentum;

  @Option(names = "--weight-decay", paramLabel = "WD",
      description = "weight decay: coupled for SGD (PyTorch), decoupled for AdamW (default: the task's recipe)")
  Double weightDecay;

  @Option(names = "--schedule", paramLabel = "S",
      description = "cosine (per epoch), cosine-step, constant, step:E1,E2[,..][@gamma] (multi-step, gamma 0.1),"
          + " warmup-linear[:FRACTION] (warm-up over FRACTION of all steps, default 0.1, then linear decay to 0)")
  String schedule;

  @Option(names = "--warmup-epochs", paramLabel = "N", defaultValue = "0",
      description = "linear warm-up over the first N epochs before a cosine/step/constant schedule")
  int warmupEpochs;

  public Optimizer optimizer(Defaults d, long stepsPerEpoch, int epochs) {
    return optimizer(d, stepsPerEpoch, epochs, 1);
  }

  /** The optimizer with its learning rate schedule scaled by {@code lrScale} (one parameter group's). */
  public Optimizer optimizer(Defaults d, long stepsPerEpoch, int epochs, double lrScale) {
    double rate = lr != null ? lr : d.lr();
    if (!(rate > 0) || !Double.isFinite(rate)) throw new IllegalArgumentException("--lr must be positive, got " + rate);
    double wd = weightDecay != null ? weightDecay : d.weightDecay();
    if (!(wd >= 0)) throw new IllegalArgumentException("--weight-decay must be >= 0, got " + wd);
    Hyperparameter base = schedule(schedule != null ? schedule : d.schedule(), rate, stepsPerEpoch, epochs);
    Hyperparameter h = lrScale == 1 ? base : new Scaled(base, lrScale);
    String name = optimizer != null ? optimizer : d.optimizer();
    return switch (name) {
      case "sgd" -> Sgd.momentum(h, momentum, wd);
      case "nesterov" -> Sgd.nesterov(h, momentum, wd);
      case "adamw" -> AdamW.of(h, wd);
      default -> throw new IllegalArgumentException("--optimizer must be sgd, nesterov or adamw, got '" + name + "'");
    };
  }

  private Hyperparameter schedule(String s, double rate, long stepsPerEpoch, int epochs) {
    Hyperparameter h;
    if (s.equals("cosine")) h = Schedule.cosinePerEpoch(rate, 0);
    else if (s.equals("cosine-step")) h = Schedule.cosinePerStep(rate, 0);
    else if (s.equals("constant")) h = Schedule.constant(rate);
    else if (s.startsWith("step:")) h = multiStep(s.substring(5), rate);
    else if (s.equals("warmup-linear") || s.startsWith("warmup-linear:")) {
      double frac = s.contains(":") ? Args.finite("--schedule warmup-linear:FRACTION", s.substring(s.indexOf(':') + 1)) : 0.1;
      if (!(frac >= 0 && frac < 1))
        throw new IllegalArgumentException("--schedule warmup-linear:FRACTION must be in [0, 1), got " + frac);
      return Schedule.warmupLinearDecay(rate, (int) Math.round(frac * stepsPerEpoch * epochs));
    } else {
      throw new IllegalArgumentException("--schedule must be cosine, cosine-step, constant, step:E1,E2[@gamma]"
          + " or warmup-linear[:FRACTION], got '" + s + "'");
    }
    if (warmupEpochs < 0) throw new IllegalArgumentException("--warmup-epochs must be >= 0, got " + warmupEpochs);
    return warmupEpochs == 0 ? h : Schedule.warmup((int) (warmupEpochs * stepsPerEpoch), h);
  }

  private static Hyperparameter multiStep(String spec, double rate) {
    double gamma = 0.1;
    String list = spec;
    int at = spec.indexOf('@');
    if (at >= 0) {
      gamma = Args.finite("--schedule step gamma", spec.substring(at + 1));
      list = spec.substring(0, at);
    }
    List<Integer> milestones = new ArrayList<>();
    for (double v : Args.numbers("--schedule step:E1,E2", list)) {
      if (v != Math.rint(v) || v < 1)
        throw new IllegalArgumentException("--schedule step milestones must be positive whole epochs, got " + v);
      milestones.add((int) v);
    }
    return Schedule.multiStepDecay(rate, gamma, milestones);
  }

  /** The flags as given (null = recipe default), for reports. */
  @Override
  public String toString() {
    return "optimizer=" + optimizer + " lr=" + lr + " wd=" + weightDecay + " schedule=" + schedule;
  }
}
