package io.github.llr4j.core.optim;

import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.optim.ReferenceRules.AdamVariant;
import io.github.llr4j.core.testing.OptimizerContract;
import java.util.List;

/**
 * Every optimizer of this package under {@link OptimizerContract}: one row per optimizer and
 * setting, with the plain-Java reference of {@link ReferenceRules}, wrong variants and the settings
 * it must refuse. The learning rate follows a schedule, so it changes between steps of one graph.
 */
class OptimizerContractTest extends OptimizerContract {

  private static final Hyperparameter LR = Hyperparameter.constant(0.1);

  /** Warm-up (step 0 at lr 0) into a per-step cosine: a different rate at nearly every step. */
  static Hyperparameter schedule(double peak) {
    return Schedule.warmup(5, Schedule.cosinePerStep(peak, peak / 10));
  }

  @Override
  protected List<Row> rows() {
    GradientActivation gs = GradientActivation.sgdDefault();
    GradientActivation ga = GradientActivation.adamDefault();
    Hyperparameter cosine = Schedule.cosinePerStep(0.05, 0.005);
    return List.of(
        Row.of("sgd", schedule(0.05), Sgd::plain, () -> ReferenceRules.sgd(0, false, 0, 0, false))
            // the reference at a constant rate: what a graph with a frozen learning rate would do
            .wrong(() -> frozenRate(ReferenceRules.sgd(0, false, 0, 0, false), 0.05))
            .rejects("null rate", () -> Sgd.plain(null), "learningRate must not be null")
            .rejects("negative rate", () -> Sgd.plain(Hyperparameter.constant(-0.1)),
                "learningRate must be >= 0, got -0.1"),
        Row.of("sgd momentum", schedule(0.02), lr -> Sgd.momentum(lr, 0.9, 0),
                () -> ReferenceRules.sgd(0.9, false, 0, 0, false))
            .wrong(() -> ReferenceRules.sgd(0.9, false, 0, 0.9, false)) // dampening = momentum
            .rejects("momentum 1", () -> new Sgd(LR, 1.0, false, 0),
                "momentum must be in [0, 1), got 1.0")
            .rejects("negative momentum", () -> new Sgd(LR, -0.1, false, 0),
                "momentum must be in [0, 1), got -0.1"),
        Row.of("sgd nesterov", schedule(0.02), lr -> Sgd.nesterov(lr, 0.9, 0),
                () -> ReferenceRules.sgd(0.9, true, 0, 0, false))
            .wrong(() -> ReferenceRules.sgd(0.9, false, 0, 0, false))
            .rejects("nesterov without momentum", () -> new Sgd(LR, 0, true, 0),
                "nesterov needs momentum > 0, got momentum 0.0"),
        Row.of("sgd momentum, coupled weight decay", schedule(0.02),
                lr -> Sgd.momentum(lr, 0.9, 0.05),
                () -> ReferenceRules.sgd(0.9, false, 0.05, 0, false))
            .wrong(() -> ReferenceRules.sgd(0.9, false, 0.05, 0, true))
            .rejects("negative weight decay", () -> new Sgd(LR, 0.9, false, -1e-4),
                "weightDecay must be finite and >= 0, got -1.0E-4"),
        Row.of("sgd nesterov, coupled weight decay", schedule(0.02),
                lr -> Sgd.nesterov(lr, 0.8, 0.1),
                () -> ReferenceRules.sgd(0.8, true, 0.1, 0, false))
            .wrong(() -> ReferenceRules.sgd(0.8, true, 0.1, 0, true)),
        // two groups with the same rule: state and rates split by group, the sum is one optimizer
        Row.of("parameter groups, sgd momentum in each", schedule(0.02),
                lr -> ParameterGroups.of(List.of(
                    ParameterGroups.Group.trained("low", n -> n.equals("model/w0"),
                        Sgd.momentum(lr, 0.9, 0.05)),
                    ParameterGroups.Group.trained(ParameterGroups.HEAD, n -> true,
                        Sgd.momentum(lr, 0.9, 0.05)))),
                () -> ReferenceRules.sgd(0.9, false, 0.05, 0, false))
            .wrong(() -> ReferenceRules.sgd(0.9, false, 0, 0, false))
            .rejects("duplicate group names", () -> ParameterGroups.of(List.of(
                    ParameterGroups.Group.frozen("a", n -> true),
                    ParameterGroups.Group.frozen("a", n -> true))),
                "group names must be distinct, got a"),
        Row.of("sgd, weight decay", schedule(0.05), lr -> new Sgd(lr, 0, false, 0.1),
                () -> ReferenceRules.sgd(0, false, 0.1, 0, false))
            .wrong(() -> ReferenceRules.sgd(0, false, 0, 0, false)),
        // eps 1e-3 makes its placement matter; a cosine without warm-up checks step 1 at full rate
        Row.of("adam", cosine, lr -> new Adam(lr, 0.9, 0.999, 1e-3, 0),
                () -> ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.PYTORCH))
            .wrong(
                () -> ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.NO_BIAS_CORRECTION),
                () -> ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.EPSILON_HAT),
                () -> ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.STEP_AHEAD))
            .rejects("beta1 1", () -> new Adam(LR, 1.0, 0.999, 1e-8, 0),
                "beta1 must be in [0, 1), got 1.0")
            .rejects("epsilon 0", () -> new Adam(LR, 0.9, 0.999, 0, 0),
                "epsilon must be finite and > 0, got 0.0")
            .rejects("null rate", () -> new Adam(null, 0.9, 0.999, 1e-8, 0),
                "learningRate must not be null"),
        Row.of("adam, coupled weight decay", schedule(0.05), lr -> new Adam(lr, 0.8, 0.99, 1e-8, 0.5),
                () -> ReferenceRules.adam(0.8, 0.99, 1e-8, 0.5, false, AdamVariant.PYTORCH))
            .wrong(() -> ReferenceRules.adam(0.8, 0.99, 1e-8, 0.5, true, AdamVariant.PYTORCH)),
        Row.of("adamw", cosine, lr -> AdamW.of(lr, 0.5),
                () -> ReferenceRules.adam(0.9, 0.999, 1e-8, 0.5, true, AdamVariant.PYTORCH))
            .wrong(() -> ReferenceRules.adam(0.9, 0.999, 1e-8, 0.5, false, AdamVariant.PYTORCH),
                () -> ReferenceRules.adam(0.9, 0.999, 1e-8, 0, false, AdamVariant.PYTORCH))
            .rejects("beta2 negative", () -> new AdamW(LR, 0.9, -0.5, 1e-8, 0),
                "beta2 must be in [0, 1), got -0.5")
            .rejects("weight decay NaN", () -> new AdamW(LR, 0.9, 0.999, 1e-8, Double.NaN),
                "weightDecay must be finite and >= 0, got NaN"),
        Row.of("gaf on the raw gradient", schedule(0.05),
                lr -> new GafSgd(lr, 0.9, 0.05, gs, GafSgd.Placement.GRADIENT),
                () -> ReferenceRules.gafSgd(gs, 0.9, 0.05, false))
            .wrong(() -> ReferenceRules.gafSgd(gs, 0.9, 0.05, true),
                () -> ReferenceRules.gafSgd(new GradientActivation(0.3, 1), 0.9, 0.05, false))
            .rejects("alpha 0", () -> new GradientActivation(0, 1),
                "alpha must be finite and > 0, got 0.0")
            .rejects("no placement", () -> new GafSgd(LR, 0.9, 0, gs, null),
                "placement must not be null"),
        Row.of("gaf on the momentum update", schedule(0.05),
                lr -> new GafSgd(lr, 0.9, 0.05, gs, GafSgd.Placement.MOMENTUM_UPDATE),
                () -> ReferenceRules.gafSgd(gs, 0.9, 0.05, true))
            .wrong(() -> ReferenceRules.gafSgd(gs, 0.9, 0.05, false)),
        Row.of("gaf inside adam", cosine, lr -> new GafAdam(lr, 0.9, 0.999, 1e-3, 0.1, ga),
                () -> ReferenceRules.gafAdam(ga, 0.1, true))
            .wrong(() -> ReferenceRules.gafAdam(ga, 0.1, false)),
        Row.of("gaf then adamw", cosine, lr -> ga.then(AdamW.of(lr, 0.1)),
                () -> ReferenceRules.activated(ga,
                    ReferenceRules.adam(0.9, 0.999, 1e-8, 0.1, true, AdamVariant.PYTORCH)))
            .wrong(() -> ReferenceRules.adam(0.9, 0.999, 1e-8, 0.1, true, AdamVariant.PYTORCH),
                () -> ReferenceRules.activated(ga,
                    ReferenceRules.adam(0.9, 0.999, 1e-8, 0.1, false, AdamVariant.PYTORCH)))
            .rejects("sam base", () -> ga.then(Sam.sam(Sgd.plain(LR), 0.1)),
                "base must not be SAM"),
        Row.of("gaf then nesterov sgd", schedule(0.05), lr -> gs.then(Sgd.nesterov(lr, 0.9, 0.01)),
                () -> ReferenceRules.activated(gs, ReferenceRules.sgd(0.9, true, 0.01, 0, false)))
            .wrong(() -> ReferenceRules.sgd(0.9, true, 0.01, 0, false)),
        miAdam(1).rejects("k 4", () -> MiAdam.of(LR, 4), "k must be 1, 2 or 3, got 4")
            .rejects("kappa 1", () -> new MiAdam(LR, 0.9, 0.999, 1e-8, 0, 1, 1.0, 20),
                "kappa must be in [0, 1), got 1.0")
            .rejects("negative subEpoch", () -> new MiAdam(LR, 0.9, 0.999, 1e-8, 0, 1, 0.98, -1),
                "subEpoch must be >= 0, got -1"),
        miAdam(2),
        miAdam(3),
        Row.of("sam around sgd momentum", schedule(0.02),
                lr -> Sam.sam(Sgd.momentum(lr, 0.9, 0), 0.05),
                () -> ReferenceRules.sam(ReferenceRules.sgd(0.9, false, 0, 0, false), 0.05, false, 0,
                    1, true))
            .wrong(() -> ReferenceRules.sam(ReferenceRules.sgd(0.9, false, 0, 0, false), 0.05, false,
                0, 1, false))
            .rejects("rho 0", () -> Sam.sam(Sgd.plain(LR), 0), "rho must be > 0, got 0.0")
            .rejects("interval 0", () -> Sam.sam(Sgd.plain(LR), 0.1).withInterval(0),
                "interval must be >= 1, got 0")
            .rejects("sam of sam", () -> Sam.sam(Sam.sam(Sgd.plain(LR), 0.1), 0.1),
                "base must not itself be SAM")
            .rejects("negative eta", () -> new Sam(Sgd.plain(LR), LR, true, -1, 1),
                "eta must be finite and >= 0, got -1.0"),
        Row.of("asam around adam, every 3 steps", cosine,
                lr -> Sam.asam(new Adam(lr, 0.9, 0.999, 1e-3, 0), 0.5).withInterval(3),
                () -> ReferenceRules.sam(
                    ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.PYTORCH), 0.5, true,
                    0.01, 3, true))
            .wrong(() -> ReferenceRules.sam(
                    ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.PYTORCH), 0.5, false,
                    0.01, 3, true),
                () -> ReferenceRules.sam(
                    ReferenceRules.adam(0.9, 0.999, 1e-3, 0, false, AdamVariant.PYTORCH), 0.5, true,
                    0.01, 1, true)));
  }

  /** Sub-epoch 3 of 6: 30 integral steps, then 30 Adam steps. */
  private static Row miAdam(int k) {
    return Row.of("miadam-" + k, Schedule.cosinePerStep(0.05, 0.005),
            lr -> new MiAdam(lr, 0.9, 0.999, 1e-8, 0.01, k, 0.98, 3),
            () -> ReferenceRules.miAdam(k, 0.01, 3, k + 1))
        .wrong(() -> ReferenceRules.miAdam(k, 0.01, 3, k),
            () -> ReferenceRules.miAdam(k, 0.01, 0, k + 1),
            () -> ReferenceRules.miAdam(k, 0.01, 6, k + 1));
  }

  private static ReferenceRules.Rule frozenRate(ReferenceRules.Rule rule, double lr) {
    return (w, g, ignored) -> rule.step(w, g, lr);
  }
}
