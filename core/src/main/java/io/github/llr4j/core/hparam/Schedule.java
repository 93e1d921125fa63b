package io.github.llr4j.core.hparam;

import io.github.llr4j.core.check.Require;
import java.util.List;

/**
 * The schedules: every value that changes during training (learning rate, reshaping coefficients,
 * adversarial eps) is a {@link Hyperparameter} of the {@link TrainingClock}, accepted wherever a
 * constant is ({@link Hyperparameter#constant}), evaluated on the host each step and fed into the
 * graph, so a schedule never rebuilds the graph. This class is their one catalogue; each schedule
 * is a record whose {@code toString} names it and its settings for reports (and enters a run's
 * configuration hash, so it stays stable). Schedules compose: {@link #warmup} ramps into any
 * schedule.
 *
 * <p>Epoch-based schedules change at epoch boundaries only, as PyTorch's schedulers stepped once
 * per epoch after the epoch; step-based ones change every optimizer step. The learning-rate
 * schedules refuse a start value that is not finite and > 0 with the name "learning rate".
 */
public final class Schedule {

  private Schedule() {}

  /** A value that never changes (finite). */
  public static Hyperparameter constant(double value) {
    return Hyperparameter.constant(value);
  }

  /** {@code lr0 * gamma^floor(epoch / everyEpochs)}, PyTorch's {@code StepLR}. */
  public static StepDecay stepDecay(double lr0, double gamma, int everyEpochs) {
    return new StepDecay(lr0, gamma, everyEpochs);
  }

  /**
   * {@code lr0 * gamma^(number of milestones <= epoch)}, PyTorch's {@code MultiStepLR}.
   */
  public static MultiStepDecay multiStepDecay(double lr0, double gamma, List<Integer> milestones) {
    return new MultiStepDecay(lr0, gamma, milestones);
  }

  /** Cosine from {@code lr0} at epoch 0 to {@code min} at the run's last epoch + 1, per epoch. */
  public static CosinePerEpoch cosinePerEpoch(double lr0, double min) {
    return new CosinePerEpoch(lr0, min, 0);
  }

  /** Cosine per epoch over a fixed period of {@code periodEpochs} epochs. */
  public static CosinePerEpoch cosinePerEpoch(double lr0, double min, int periodEpochs) {
    Require.atLeast("periodEpochs", periodEpochs, 1);
    return new CosinePerEpoch(lr0, min, periodEpochs);
  }

  /** Cosine from {@code lr0} at step 0 to {@code min} after the run's last step, per step. */
  public static CosinePerStep cosinePerStep(double lr0, double min) {
    return new CosinePerStep(lr0, min);
  }

  /** Linear warm-up over {@code warmupSteps} steps in front of {@code after}. */
  public static Warmup warmup(int warmupSteps, Hyperparameter after) {
    return new Warmup(warmupSteps, after);
  }

  /**
   * Linear warm-up to {@code peak} then linear decay to 0 at the run's end: the BERT fine-tuning
   * default ({@code get_linear_schedule_with_warmup} of Hugging Face transformers).
   */
  public static WarmupLinearDecay warmupLinearDecay(double peak, int warmupSteps) {
    return new WarmupLinearDecay(peak, warmupSteps);
  }

  /**
   * Grows linearly from 0 to {@code target} over the first {@code rampEpochs} epochs (by
   * fractional epoch, so it moves every step), then stays at {@code target}: the eps ramp-up of
   * adversarial training, which keeps early epochs from collapsing on a too-hard objective.
   */
  public static LinearRamp linearRamp(double target, double rampEpochs) {
    return new LinearRamp(target, rampEpochs);
  }

  /**
   * The cyclic sech width of spec section 4 (authors' train_tuning.py): a saw-tooth that starts at
   * the top of each cycle, see {@link Cyclic}.
   */
  public static Cyclic cyclic(double b0, double end, int cycles) {
    return new Cyclic(b0, end, cycles);
  }

  /**
   * Step decay: {@code lr = lr0 * gamma^floor(epoch / everyEpochs)}.
   *
   * @param lr0 the rate of epoch 0, > 0
   * @param gamma the factor per decay, in (0, 1]
   * @param everyEpochs epochs between decays, >= 1
   */
  public record StepDecay(double lr0, double gamma, int everyEpochs) implements Hyperparameter {
    public StepDecay {
      checkInitial(lr0);
      checkGamma(gamma);
      Require.atLeast("everyEpochs", everyEpochs, 1);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      return lr0 * Math.pow(gamma, clock.epoch() / everyEpochs);
    }

    @Override
    public String toString() {
      return "step(" + lr0 + " x" + gamma + " every " + everyEpochs + " epochs)";
    }
  }

  /**
   * Multi-step decay: {@code lr = lr0 * gamma^k}, k the number of milestones at or before the
   * epoch (the rate drops at the start of each milestone epoch).
   *
   * @param lr0 the rate before the first milestone, > 0
   * @param gamma the factor per milestone, in (0, 1]
   * @param milestones epochs, strictly increasing, each >= 1
   */
  public record MultiStepDecay(double lr0, double gamma, List<Integer> milestones)
      implements Hyperparameter {
    public MultiStepDecay {
      checkInitial(lr0);
      checkGamma(gamma);
      Require.that(milestones != null && !milestones.isEmpty(), "milestones",
          "list at least one epoch", milestones);
      milestones = List.copyOf(milestones);
      int previous = 0;
      for (int m : milestones) {
        Require.that(m > previous, "milestones", "be strictly increasing epochs >= 1", milestones);
        previous = m;
      }
    }

    @Override
    public double valueAt(TrainingClock clock) {
      int passed = 0;
      for (int m : milestones) {
        if (m <= clock.epoch()) passed++;
      }
      return lr0 * Math.pow(gamma, passed);
    }

    @Override
    public String toString() {
      return "multistep(" + lr0 + " x" + gamma + " at epochs " + milestones + ")";
    }
  }

  /**
   * Cosine annealing stepped once per epoch, as PyTorch's {@code CosineAnnealingLR(T_max = E)}
   * stepped after each epoch: {@code lr_e = min + (lr0 - min) * (1 + cos(pi * e / E)) / 2}. The
   * last epoch of an E-epoch run trains at {@code lr_(E-1)}, above {@code min}. Past {@code E}
   * (a fixed period shorter than the run) the formula continues, rising again, like PyTorch's.
   *
   * @param lr0 the rate of epoch 0, > 0
   * @param min the floor, in [0, lr0]
   * @param periodEpochs E; 0 means the run's total epochs ({@link TrainingClock#totalEpochs()})
   */
  public record CosinePerEpoch(double lr0, double min, int periodEpochs) implements Hyperparameter {
    public CosinePerEpoch {
      checkInitial(lr0);
      checkMin(min, lr0);
      Require.that(periodEpochs >= 0, "periodEpochs", "be >= 0 (0: the run's epochs)", periodEpochs);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      int period = periodEpochs == 0 ? clock.totalEpochs() : periodEpochs;
      return cosine(lr0, min, clock.epoch(), period);
    }

    @Override
    public String toString() {
      return "cosine-epoch(" + lr0 + " -> " + min + " over "
          + (periodEpochs == 0 ? "the run's" : Integer.toString(periodEpochs)) + " epochs)";
    }
  }

  /**
   * Cosine annealing per optimizer step over the whole run:
   * {@code lr_s = min + (lr0 - min) * (1 + cos(pi * s / S)) / 2}, S the run's total steps.
   *
   * @param lr0 the rate of step 0, > 0
   * @param min the floor, in [0, lr0]
   */
  public record CosinePerStep(double lr0, double min) implements Hyperparameter {
    public CosinePerStep {
      checkInitial(lr0);
      checkMin(min, lr0);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      return cosine(lr0, min, clock.step(), clock.totalSteps());
    }

    @Override
    public String toString() {
      return "cosine-step(" + lr0 + " -> " + min + ")";
    }
  }

  /**
   * Linear warm-up in front of any schedule: {@code lr_s = after(s) * s / W} for {@code s < W},
   * then {@code after(s)}. Step 0 runs at rate 0, the convention of Hugging Face's
   * {@code get_linear_schedule_with_warmup} (its LambdaLR evaluates the factor at the step index
   * before stepping). {@code after} is evaluated at the same clock, not shifted by W.
   *
   * @param warmupSteps W, >= 1
   * @param after the schedule the warm-up ramps into
   */
  public record Warmup(int warmupSteps, Hyperparameter after) implements Hyperparameter {
    public Warmup {
      Require.atLeast("warmupSteps", warmupSteps, 1);
      Require.notNull("after", after, " (the schedule after warm-up)");
    }

    @Override
    public double valueAt(TrainingClock clock) {
      double base = after.valueAt(clock);
      return clock.step() < warmupSteps ? base * clock.step() / warmupSteps : base;
    }

    @Override
    public String toString() {
      return "warmup(" + warmupSteps + " steps, then " + after + ")";
    }
  }

  /**
   * Linear warm-up then linear decay to 0, Hugging Face's {@code get_linear_schedule_with_warmup}:
   * {@code lr_s = peak * s / W} for {@code s < W}, else
   * {@code peak * max(0, (S - s) / max(1, S - W))}, S the run's total steps.
   *
   * @param peak the rate reached at step W, > 0
   * @param warmupSteps W, >= 0 (0: pure linear decay from step 0)
   */
  public record WarmupLinearDecay(double peak, int warmupSteps) implements Hyperparameter {
    public WarmupLinearDecay {
      checkInitial(peak);
      Require.atLeast("warmupSteps", warmupSteps, 0);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      long s = clock.step();
      if (s < warmupSteps) return peak * s / warmupSteps;
      long total = clock.totalSteps();
      return peak * Math.max(0.0, (double) (total - s) / Math.max(1, total - warmupSteps));
    }

    @Override
    public String toString() {
      return "warmup-linear(" + peak + ", " + warmupSteps + " warm-up steps, to 0 at the end)";
    }
  }

  /**
   * Linear ramp: {@code target * min(1, e / rampEpochs)}, e the fractional epoch
   * {@code epoch + stepInEpoch / stepsPerEpoch}.
   *
   * @param target the value after the ramp, finite
   * @param rampEpochs epochs of the ramp, > 0 and finite
   */
  public record LinearRamp(double target, double rampEpochs) implements Hyperparameter {
    public LinearRamp {
      Require.finite("ramp target", target);
      Require.that(rampEpochs > 0 && !Double.isInfinite(rampEpochs), "ramp epochs",
          "be > 0 and finite (use constant for no ramp)", rampEpochs);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      double epochs = clock.epoch() + (double) clock.stepInEpoch() / clock.stepsPerEpoch();
      return target * Math.min(1.0, epochs / rampEpochs);
    }

    @Override
    public java.util.OptionalDouble largestValue() {
      return java.util.OptionalDouble.of(Math.max(0, target));
    }

    @Override
    public String toString() {
      return "ramp(0->" + target + " over " + rampEpochs + " epochs)";
    }
  }

  /**
   * Cyclic width: {@code b(e) = b0 + end * ((e + I - 1) mod I) / I} with
   * {@code I = totalEpochs / cycles} in real division, as the reference code (Python 3 {@code /}:
   * 250 epochs in 20 cycles gives I = 12.5, so the cycles alternate 13 and 12 epochs and the
   * saw-tooth takes the values {@code k / 12.5} and {@code (k + 0.5) / 12.5}), e the epoch from 0.
   * Epoch 0 therefore starts at the top of a cycle.
   *
   * <p>Earlier versions rounded the period down to an integer (12 for 250 / 20); the text of
   * {@link #toString()} changed with it, so config hashes of cyclic runs changed on purpose.
   *
   * @param b0 base width, > 0
   * @param end amplitude added over a cycle, >= 0
   * @param cycles cycles over the run, >= 1 (must not exceed the run's epochs)
   */
  public record Cyclic(double b0, double end, int cycles) implements Hyperparameter {

    public Cyclic {
      Require.that(b0 > 0 && Double.isFinite(b0), "cyclic b0", "be positive and finite", b0);
      Require.that(end >= 0 && Double.isFinite(end), "cyclic end", "be >= 0 and finite", end);
      Require.atLeast("cycles", cycles, 1);
    }

    @Override
    public double valueAt(TrainingClock clock) {
      if (cycles > clock.totalEpochs()) {
        // the caller's setting (e.g. --cyclic-b end:cycles) does not fit the run: a user error, not a state
        throw new IllegalArgumentException("cycles (" + cycles + ") must not exceed the run's epochs ("
            + clock.totalEpochs() + "); use fewer cycles or more epochs");
      }
      double period = (double) clock.totalEpochs() / cycles;
      // both operands are >= 0, where Java's % on doubles equals Python's
      return b0 + end * ((clock.epoch() + period - 1) % period) / period;
    }

    /** Enters config hashes; differs from the former {@code CyclicB} text since the period is real. */
    @Override
    public String toString() {
      return "cyclic(b0=" + b0 + ", end=" + end + ", cycles=" + cycles + ", real period)";
    }
  }

  private static double cosine(double lr0, double min, long t, long period) {
    return min + (lr0 - min) * (1 + Math.cos(Math.PI * t / period)) / 2;
  }

  private static void checkInitial(double lr0) {
    Require.positive("learning rate", lr0);
  }

  private static void checkGamma(double gamma) {
    Require.that(gamma > 0 && gamma <= 1, "gamma", "be in (0, 1]", gamma);
  }

  private static void checkMin(double min, double lr0) {
    Require.that(min >= 0 && min <= lr0, "min", "be in [0, lr0 = " + lr0 + "]", min);
  }
}
