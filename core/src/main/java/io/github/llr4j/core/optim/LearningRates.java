package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.TrainingClock;
import java.util.List;

/**
 * Learning-rate schedules as {@link Hyperparameter}s of the {@link TrainingClock}: evaluated on
 * the host each step and fed under {@code lr}, so a schedule never rebuilds the graph. Each is a
 * record whose {@code toString} names the schedule and its settings for reports.
 *
 * <p>Epoch-based schedules change at epoch boundaries only, as PyTorch's schedulers stepped once
 * per epoch after the epoch; step-based ones change every optimizer step.
 */
public final class LearningRates {

  private LearningRates() {}

  /** A constant learning rate. */
  public static Hyperparameter constant(double lr) {
    checkInitial(lr);
    return Hyperparameter.constant(lr);
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
    if (periodEpochs < 1) {
      throw new IllegalArgumentException("periodEpochs must be >= 1, got " + periodEpochs);
    }
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
      if (everyEpochs < 1) {
        throw new IllegalArgumentException("everyEpochs must be >= 1, got " + everyEpochs);
      }
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
      if (milestones == null || milestones.isEmpty()) {
        throw new IllegalArgumentException(
            "milestones must list at least one epoch, got " + milestones);
      }
      milestones = List.copyOf(milestones);
      int previous = 0;
      for (int m : milestones) {
        if (m <= previous) {
          throw new IllegalArgumentException(
              "milestones must be strictly increasing epochs >= 1, got " + milestones);
        }
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
      if (periodEpochs < 0) {
        throw new IllegalArgumentException(
            "periodEpochs must be >= 0 (0: the run's epochs), got " + periodEpochs);
      }
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
      if (warmupSteps < 1) {
        throw new IllegalArgumentException("warmupSteps must be >= 1, got " + warmupSteps);
      }
      if (after == null) {
        throw new IllegalArgumentException("after must not be null (the schedule after warm-up)");
      }
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
      if (warmupSteps < 0) {
        throw new IllegalArgumentException("warmupSteps must be >= 0, got " + warmupSteps);
      }
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

  private static double cosine(double lr0, double min, long t, long period) {
    return min + (lr0 - min) * (1 + Math.cos(Math.PI * t / period)) / 2;
  }

  private static void checkInitial(double lr0) {
    if (!(lr0 > 0 && Double.isFinite(lr0))) {
      throw new IllegalArgumentException("learning rate must be finite and > 0, got " + lr0);
    }
  }

  private static void checkGamma(double gamma) {
    if (!(gamma > 0 && gamma <= 1)) {
      throw new IllegalArgumentException("gamma must be in (0, 1], got " + gamma);
    }
  }

  private static void checkMin(double min, double lr0) {
    if (!(min >= 0 && min <= lr0)) {
      throw new IllegalArgumentException(
          "min must be in [0, lr0 = " + lr0 + "], got " + min);
    }
  }
}
