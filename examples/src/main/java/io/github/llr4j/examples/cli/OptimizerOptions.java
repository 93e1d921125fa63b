package io.github.llr4j.examples.cli;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Scaled;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.Adam;
import io.github.llr4j.core.optim.AdamW;
import io.github.llr4j.core.optim.GafAdam;
import io.github.llr4j.core.optim.GafSgd;
import io.github.llr4j.core.optim.GradientActivation;
import io.github.llr4j.core.optim.MiAdam;
import io.github.llr4j.core.optim.Optimizer;
import io.github.llr4j.core.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Optimizer and learning-rate flags shared by the training commands. Unset flags take the task's
 * recipe ({@link Defaults}): the vision recipe is momentum SGD, lr 0.1, cosine, weight decay 5e-4;
 * the text recipe AdamW with warm-up and linear decay. {@code --gaf} puts the gradient activation
 * (spec section 5) in front of the chosen optimizer: on SGD and Adam it is the library's
 * {@link GafSgd} / {@link GafAdam}, on the others the same activation composed through
 * {@link GradientActivation#then}.
 */
public final class OptimizerOptions {

  /** A task's defaults for the flags left unset. */
  public record Defaults(String optimizer, double lr, double weightDecay, String schedule) {}

  @Option(names = "--optimizer", paramLabel = "NAME",
      description = "sgd (momentum), nesterov, adam (coupled weight decay), adamw, or miadam (MIAdam-k, spec section 5;"
          + " --miadam-k, --miadam-kappa, --miadam-sub-epoch) (default: the task's recipe)")
  String optimizer;

  @Option(names = "--gaf", paramLabel = "PLACEMENT",
      description = "gradient activation alpha*atan(beta*g) (spec section 5): gradient (on the raw gradient, before any"
          + " optimizer's own rule) or momentum (on SGD's momentum update; --optimizer sgd only)")
  String gaf;

  @Option(names = "--gaf-alpha", paramLabel = "A",
      description = "with --gaf: output scale (default 0.3 for SGD, 0.1 for the Adam family)")
  Double gafAlpha;

  @Option(names = "--gaf-beta", paramLabel = "B",
      description = "with --gaf: input scale (default 4.5 for SGD, 15 for the Adam family)")
  Double gafBeta;

  @Option(names = "--miadam-k", paramLabel = "K", description = "with --optimizer miadam: integral order 1, 2 or 3 (default 1)")
  Integer miadamK;

  @Option(names = "--miadam-kappa", paramLabel = "KAPPA",
      description = "with --optimizer miadam: leak of the integrals in [0, 1) (default 0.98)")
  Double miadamKappa;

  @Option(names = "--miadam-sub-epoch", paramLabel = "E",
      description = "with --optimizer miadam: epochs of the integral phase before plain Adam (default 20)")
  Integer miadamSubEpoch;

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
    requireGafFlagsHaveGaf();
    double rate = lr != null ? lr : d.lr();
    if (!(rate > 0) || !Double.isFinite(rate)) throw new IllegalArgumentException("--lr must be positive, got " + rate);
    double wd = weightDecay != null ? weightDecay : d.weightDecay();
    if (!(wd >= 0)) throw new IllegalArgumentException("--weight-decay must be >= 0, got " + wd);
    Hyperparameter base = schedule(schedule != null ? schedule : d.schedule(), rate, stepsPerEpoch, epochs);
    Hyperparameter h = lrScale == 1 ? base : new Scaled(base, lrScale);
    String name = optimizer != null ? optimizer : d.optimizer();
    if (!name.equals("miadam") && (miadamK != null || miadamKappa != null || miadamSubEpoch != null))
      throw new IllegalArgumentException("--miadam-k, --miadam-kappa and --miadam-sub-epoch need --optimizer miadam, got "
          + name);
    Optimizer rule = switch (name) {
      case "sgd" -> Sgd.momentum(h, momentum, wd);
      case "nesterov" -> Sgd.nesterov(h, momentum, wd);
      case "adam" -> new Adam(h, 0.9, 0.999, 1e-8, wd);
      case "adamw" -> AdamW.of(h, wd);
      case "miadam" -> miAdam(h, wd);
      default -> throw new IllegalArgumentException(
          "--optimizer must be sgd, nesterov, adam, adamw or miadam, got '" + name + "'");
    };
    return gaf == null ? rule : withGaf(name, rule, h, wd);
  }

  private Optimizer miAdam(Hyperparameter h, double wd) {
    int k = miadamK == null ? 1 : miadamK;
    if (k < 1 || k > 3) throw new IllegalArgumentException("--miadam-k must be 1, 2 or 3, got " + k);
    double kappa = miadamKappa == null ? 0.98 : miadamKappa;
    if (!(kappa >= 0 && kappa < 1)) throw new IllegalArgumentException("--miadam-kappa must be in [0, 1), got " + kappa);
    int sub = miadamSubEpoch == null ? 20 : miadamSubEpoch;
    if (sub < 0) throw new IllegalArgumentException("--miadam-sub-epoch must be >= 0, got " + sub);
    return new MiAdam(h, 0.9, 0.999, 1e-8, wd, k, kappa, sub);
  }

  /** The flags' optimizer with the gradient activation in front (or, for momentum, inside SGD's update). */
  private Optimizer withGaf(String name, Optimizer base, Hyperparameter h, double wd) {
    boolean sgdFamily = name.equals("sgd") || name.equals("nesterov");
    GradientActivation spec = sgdFamily ? GradientActivation.sgdDefault() : GradientActivation.adamDefault();
    double alpha = gafAlpha == null ? spec.alpha() : gafAlpha, beta = gafBeta == null ? spec.beta() : gafBeta;
    if (!(alpha > 0 && Double.isFinite(alpha))) throw new IllegalArgumentException("--gaf-alpha must be > 0, got " + alpha);
    if (!(beta > 0 && Double.isFinite(beta))) throw new IllegalArgumentException("--gaf-beta must be > 0, got " + beta);
    GradientActivation phi = new GradientActivation(alpha, beta);
    return switch (gaf) {
      case "gradient" -> switch (name) {
        case "sgd" -> new GafSgd(h, momentum, wd, phi, GafSgd.Placement.GRADIENT);
        case "adam" -> new GafAdam(h, 0.9, 0.999, 1e-8, wd, phi);
        default -> phi.then(base);
      };
      case "momentum" -> {
        if (!name.equals("sgd"))
          throw new IllegalArgumentException("--gaf momentum acts on SGD's momentum update and needs --optimizer sgd, got "
              + name + " (use --gaf gradient)");
        yield new GafSgd(h, momentum, wd, phi, GafSgd.Placement.MOMENTUM_UPDATE);
      }
      default -> throw new IllegalArgumentException("--gaf must be gradient or momentum, got '" + gaf + "'");
    };
  }

  private void requireGafFlagsHaveGaf() {
    if (gaf == null && (gafAlpha != null || gafBeta != null))
      throw new IllegalArgumentException("--gaf-alpha and --gaf-beta need --gaf gradient|momentum");
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
    return "optimizer=" + optimizer + " lr=" + lr + " wd=" + weightDecay + " schedule=" + schedule
        + (gaf == null ? "" : " gaf=" + gaf);
  }
}
