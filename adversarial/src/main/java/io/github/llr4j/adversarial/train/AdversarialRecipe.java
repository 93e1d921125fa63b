package io.github.llr4j.adversarial.train;

import io.github.llr4j.adversarial.attack.Box;
import io.github.llr4j.adversarial.attack.Pgd;
import io.github.llr4j.adversarial.eval.RobustValidation;
import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.data.Batches;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.Schedule;
import io.github.llr4j.core.train.Selection;
import io.github.llr4j.core.train.TrainerConfig;
import org.tensorflow.ndarray.Shape;

/**
 * One adversarial-training recipe, PGD-AT (Madry) or TRADES, with its threat model, added to any
 * run's configuration by {@link #configure}: the input hook, TRADES' loss, robust validation on a
 * held-out set and the selection of the epoch with the highest {@code val_robust_accuracy}. Pixels
 * are in [0, 1] ({@link Box#UNIT}). Build with {@link #builder(Method, boolean)}, which starts from
 * spec section 8's defaults for the data's scale.
 *
 * @param method PGD-AT or TRADES
 * @param eps Linf radius in pixel units
 * @param stepSize attack step
 * @param steps attack steps per training batch
 * @param epsRampEpochs grow eps and the step linearly from 0 over this many epochs (0 = off)
 * @param beta TRADES' weight of the KL term
 * @param robustValidation validation examples attacked after every epoch (0 = no robust selection)
 * @param seed seed of the attacks' random starts
 */
public record AdversarialRecipe(Method method, double eps, double stepSize, int steps, double epsRampEpochs,
    double beta, int robustValidation, long seed) {

  /** The training method. */
  public enum Method { PGD_AT, TRADES }

  public AdversarialRecipe {
    Require.notNull("method", method);
    Require.that(epsRampEpochs >= 0 && !Double.isInfinite(epsRampEpochs), "epsRampEpochs", "be >= 0", epsRampEpochs);
    Require.atLeast("robustValidation", robustValidation, 0);
  }

  /**
   * A recipe with spec section 8's defaults: eps 0.1 and step 0.01 on 28x28 grey data ({@code
   * grey28}), 8/255 and 2/255 otherwise; 10 steps; no ramp; TRADES beta 6; 1000 robust validation
   * examples; seed 1.
   */
  public static Builder builder(Method method, boolean grey28) {
    return new Builder(method, grey28);
  }

  /**
   * Adds this recipe to {@code b} for a model with {@code classes} classes and examples of {@code
   * exampleShape}; {@code validation} (may be null: no robust selection) is the held-out set
   * attacked after every epoch.
   */
  public void configure(TrainerConfig.Builder b, int classes, Shape exampleShape, Batches validation) {
    Hyperparameter eh = epsRampEpochs > 0 ? Schedule.linearRamp(eps, epsRampEpochs) : Hyperparameter.constant(eps);
    Hyperparameter ah = epsRampEpochs > 0 ? Schedule.linearRamp(stepSize, epsRampEpochs) : Hyperparameter.constant(stepSize);
    if (method == Method.TRADES) {
      b.inputHook(new TradesTraining(eh, ah, steps, classes, seed, Box.UNIT));
      b.loss(new TradesLoss(classes, beta));
    } else {
      b.inputHook(new PgdTraining(eh, ah, steps, classes, seed, Box.UNIT));
    }
    if (robustValidation > 0 && validation != null) {
      b.epochMetric(new RobustValidation("val", validation, Pgd.linf(eps, stepSize, steps, 1), robustValidation,
          exampleShape, classes, seed));
      b.selection(new Selection("val_robust_accuracy", true, true));
    }
  }

  /** Builds an {@link AdversarialRecipe}; the pieces it configures check their own values. */
  public static final class Builder {
    private final Method method;
    private double eps;
    private double stepSize;
    private int steps = 10;
    private double epsRampEpochs;
    private double beta = 6.0;
    private int robustValidation = 1000;
    private long seed = 1;

    private Builder(Method method, boolean grey28) {
      this.method = method;
      eps = grey28 ? 0.1 : 8 / 255.0;
      stepSize = grey28 ? 0.01 : 2 / 255.0;
    }

    public Builder eps(double v) { eps = v; return this; }
    public Builder stepSize(double v) { stepSize = v; return this; }
    public Builder steps(int v) { steps = v; return this; }
    public Builder epsRampEpochs(double v) { epsRampEpochs = v; return this; }
    public Builder beta(double v) { beta = v; return this; }
    public Builder robustValidation(int v) { robustValidation = v; return this; }
    public Builder seed(long v) { seed = v; return this; }

    public AdversarialRecipe build() {
      return new AdversarialRecipe(method, eps, stepSize, steps, epsRampEpochs, beta, robustValidation, seed);
    }
  }
}
