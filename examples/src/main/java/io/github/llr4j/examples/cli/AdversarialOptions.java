package io.github.llr4j.examples.cli;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Norm;
import io.github.llr4j.adversarial.train.AdversarialRecipe;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.vision.task.ImageClassification;
import io.github.llr4j.vision.data.ImageBatches;
import picocli.CommandLine.Option;

/**
 * Adversarial-training flags of {@code llr4j train --task adversarial}: the method (PGD-AT or
 * TRADES), its threat model with the spec section 8 defaults for the data set's scale, and robust
 * early stopping on the validation split.
 */
public final class AdversarialOptions {

  @Option(names = "--method", defaultValue = "pgd-at", description = "adversarial: pgd-at (default, Madry) or trades")
  String method;

  @Option(names = "--eps", description = "adversarial: Linf radius in pixel units (default 0.1 for 28x28 grey, 8/255 otherwise)")
  Double eps;

  @Option(names = "--step-size", description = "adversarial: attack step (default 0.01 for 28x28 grey, 2/255 otherwise)")
  Double stepSize;

  @Option(names = "--steps", description = "adversarial: attack steps per training batch (default 10)")
  Integer steps;

  @Option(names = "--eps-ramp", paramLabel = "EPOCHS", defaultValue = "0",
      description = "adversarial: grow eps and the step size linearly from 0 over the first EPOCHS epochs (default 0 = off)")
  double epsRamp;

  @Option(names = "--beta", description = "trades: weight of the KL term (default 6)")
  Double beta;

  @Option(names = "--robust-val", defaultValue = "1000",
      description = "adversarial: validation examples attacked after every epoch (PGD with the training eps, step"
          + " and steps) for robust early stopping: the epoch with the highest val_robust_accuracy is reported"
          + " and its weights kept in <out>/best (default 1000; 0 = off)")
  int robustVal;

  /** Checks the flags' values and combinations for --task adversarial (other tasks refuse them: TaskFlags). */
  void validate() {
    if (!method.equals("pgd-at") && !method.equals("trades"))
      throw new IllegalArgumentException("--method must be pgd-at or trades, got '" + method + "'");
    if (beta != null && !method.equals("trades"))
      throw new IllegalArgumentException("--beta is the TRADES weight; use it with --method trades");
    if (eps != null && !(eps > 0 && eps <= Box.UNIT.maxRadius(Norm.LINF, 1)))
      throw new IllegalArgumentException("--eps must be in (0, 1]: an Linf radius in pixel units, pixels in [0, 1]"
          + " (1 already allows every image; 8/255 = 0.0314 is CIFAR's usual radius), got " + eps);
    if (stepSize != null && !(stepSize > 0)) throw new IllegalArgumentException("--step-size must be > 0, got " + stepSize);
    if (steps != null && steps < 1) throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    Require.that(epsRamp >= 0 && !Double.isInfinite(epsRamp), "--eps-ramp", "be >= 0 epochs", epsRamp);
    Require.atLeast("--robust-val", robustVal, 0);
  }

  /** Short tag for default run folder names. */
  String tag() {
    return method.equals("trades") ? "trades" : "pgdat";
  }

  /** Adds the input hook, loss, robust validation and selection rule to a run on {@code dataset}. */
  ImageClassification.Customizer customizer(String dataset, long seed) {
    // spec section 8: 28x28 grey data sets use eps 0.1 / step 0.01, CIFAR-scale ones 8/255 / 2/255
    boolean grey28 = dataset.equals("fashion-mnist") || dataset.equals("mnist");
    AdversarialRecipe.Builder r = AdversarialRecipe.builder(
        method.equals("trades") ? AdversarialRecipe.Method.TRADES : AdversarialRecipe.Method.PGD_AT, grey28)
        .epsRampEpochs(epsRamp).robustValidation(robustVal).seed(seed);
    if (eps != null) r.eps(eps);
    if (stepSize != null) r.stepSize(stepSize);
    if (steps != null) r.steps(steps);
    if (beta != null) r.beta(beta);
    AdversarialRecipe recipe = r.build();
    return (data, b) -> recipe.configure(b, data.train().numClasses(), data.exampleShape(),
        recipe.robustValidation() > 0 && data.val() != null ? ImageBatches.evaluation(data.val(), 250) : null);
  }
}
