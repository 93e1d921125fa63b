package io.github.llr4j.core.reshape;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The training objective of spec section 1: L_fin = L0 * f(L / L0) while reshaping is active,
 * L_fin = L otherwise; without L0 ({@link InitialLoss.None}) L_fin = f(L). L is the scalar mean
 * mini-batch loss. grad(L_fin) = f'(x) * grad(L), so {@link Built#gradientFactor()} is the factor
 * the reshaping applies to the step length.
 *
 * <p>Everything that can change during training is fed through {@link ScalarFeeds}:
 * {@code reshape_active} (1/0 from {@link #activeAt}), {@code reshape_l0} and one
 * {@code reshape_<coefficient>} per coefficient of the reshaper. The on/off switch is a select, not
 * a multiplication by the flag: an inactive step has exactly the plain loss and gradient, and the
 * reshaper is then evaluated at the harmless point x = 1 with L0 = 1 so that no inf or NaN can reach
 * the gradient through the unselected branch (e.g. a fed L0 of 0 before it is known).
 */
public final class ReshapedObjective {

  private final LossReshaper reshaper;
  private final InitialLoss initialLoss;
  private final ReshapeSchedule schedule;
  private final Map<String, Hyperparameter> coefficients;

  /** The graph pieces {@link #build} returns; both are float32 scalars. */
  public record Built(Operand<TFloat32> reshaped, Operand<TFloat32> gradientFactor) {

    /**
     * Gradients of L_fin with respect to {@code params}, by the chain rule grad(L_fin) = f' grad(L):
     * back-propagation starts at the plain {@code loss} with dy = f' (already built for the logs),
     * so the reshaping ops are not differentiated a second time. {@code loss} is the operand this
     * objective was built on.
     */
    public List<Operand<TFloat32>> parameterGradients(Ops tf, Operand<TFloat32> loss,
        List<? extends Operand<TFloat32>> params) {
      Gradients grads = tf.gradients(loss, params, Gradients.dx(List.of(gradientFactor)));
      List<Operand<TFloat32>> out = new ArrayList<>(params.size());
      for (int i = 0; i < params.size(); i++) out.add(grads.dy(i));
      return out;
    }
  }

  private ReshapedObjective(
      LossReshaper reshaper,
      InitialLoss initialLoss,
      ReshapeSchedule schedule,
      Map<String, Hyperparameter> coefficients) {
    this.reshaper = reshaper;
    this.initialLoss = initialLoss;
    this.schedule = schedule;
    this.coefficients = coefficients;
  }

  /** L_fin = L: no reshaping, no L0, never active. */
  public static ReshapedObjective plain() {
    return new ReshapedObjective(new Identity(), InitialLoss.none(), ReshapeSchedule.always(), Map.of());
  }

  /** A builder for {@code reshaper} with L0 evaluated over the whole training set, always active. */
  public static Builder builder(LossReshaper reshaper) {
    return new Builder(reshaper);
  }

  public LossReshaper reshaper() {
    return reshaper;
  }

  public InitialLoss initialLoss() {
    return initialLoss;
  }

  public ReshapeSchedule schedule() {
    return schedule;
  }

  /** True for {@link #plain()} (and any identity reshaper without L0). */
  public boolean isPlain() {
    return reshaper instanceof Identity && initialLoss instanceof InitialLoss.None;
  }

  /**
   * Whether epoch {@code epoch} reshapes: the schedule says so, and with {@link
   * InitialLoss.FirstEpoch} epoch 0 always trains plain (it measures L0). Always false when plain.
   */
  public boolean activeAt(int epoch, int totalEpochs) {
    if (isPlain()) {
      return false;
    }
    if (initialLoss instanceof InitialLoss.FirstEpoch && epoch == 0) {
      return false;
    }
    return schedule.activeAt(epoch, totalEpochs);
  }

  /**
   * Builds L_fin from the float32 scalar {@code loss}. {@code initialLoss} is the fed L0 (ignored
   * and not registered for {@link InitialLoss.None}); the trainer makes it return the measured L0.
   */
  public Built build(
      Ops tf, Operand<TFloat32> loss, ScalarFeeds feeds, Hyperparameter initialLoss) {
    if (isPlain()) {
      return new Built(loss, tf.onesLike(loss));
    }
    Ops s = tf.withSubScope("reshape");
    Operand<TFloat32> flag =
        feeds.scalar("reshape_active", new ActiveFlag(this), TFloat32.class);
    Operand<TBool> active = s.math.greater(flag, s.constant(0.5f));
    Operand<TFloat32> one = s.constant(1f);
    Map<String, Operand<TFloat32>> coefs = new LinkedHashMap<>();
    for (String name : reshaper.coefficients().keySet()) {
      coefs.put(name, feeds.scalar("reshape_" + name, coefficients.get(name), TFloat32.class));
    }
    // f' = d(L_fin)/dL is f'(x) in both modes (d/dL L0 f(L/L0) = f'(L/L0)): the reshaper's own
    // derivative, with no differentiation of the selects and the normalisation around it, keeps
    // the ops added to every training step few (llr4j bench reshape prints the count).
    Operand<TFloat32> l0Safe = null;
    Operand<TFloat32> x;
    if (this.initialLoss instanceof InitialLoss.None) {
      x = s.select(active, loss, one);
    } else {
      Require.that(initialLoss != null, "initialLoss",
          "be a hyperparameter for L0 mode " + this.initialLoss, null);
      Operand<TFloat32> l0 = feeds.scalar("reshape_l0", initialLoss, TFloat32.class);
      l0Safe = s.select(active, l0, one);
      x = s.select(active, s.math.div(loss, l0Safe), one);
    }
    LossReshaper.WithDerivative<TFloat32> f = reshaper.applyWithDerivative(s, x, coefs);
    Operand<TFloat32> reshaped =
        s.select(active, l0Safe == null ? f.value() : s.math.mul(l0Safe, f.value()), loss);
    Operand<TFloat32> factor = s.withName("gradient_factor").select(active, f.derivative(), one);
    return new Built(s.withName("loss_fin").identity(reshaped), factor);
  }

  /**
   * 1/0 from {@link #activeAt}; a record so that building the objective twice on the same feeds
   * (SAM's second pass) reuses the placeholder instead of clashing with an unequal lambda.
   */
  private record ActiveFlag(ReshapedObjective objective) implements Hyperparameter {
    @Override
    public double valueAt(io.github.llr4j.core.hparam.TrainingClock clock) {
      return objective.activeAt(clock.epoch(), clock.totalEpochs()) ? 1.0 : 0.0;
    }
  }

  /** Function, coefficients (value or schedule), L0 mode and schedule, for reports and configs. */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("function", reshaper.name());
    Map<String, Object> coefs = new LinkedHashMap<>();
    coefficients.forEach((k, v) -> coefs.put(k, v.toString()));
    out.put("coefficients", coefs);
    out.put("initialLoss", initialLoss.toString());
    out.put("schedule", schedule.toString());
    return out;
  }

  /** Returns {@code l0} when it is positive and finite, else an IllegalArgumentException. */
  public static double checkInitialLoss(double l0) {
    Require.that(l0 > 0 && Double.isFinite(l0), "initial loss L0", "be positive and finite", l0);
    return l0;
  }

  /** Settings of a {@link ReshapedObjective}; every setter validates. */
  public static final class Builder {
    private final LossReshaper reshaper;
    private InitialLoss initialLoss = InitialLoss.evaluated(0);
    private ReshapeSchedule schedule = ReshapeSchedule.always();
    private final Map<String, Hyperparameter> coefficients = new LinkedHashMap<>();

    private Builder(LossReshaper reshaper) {
      this.reshaper = Require.notNull("reshaper", reshaper);
      reshaper.coefficients().forEach((k, v) -> coefficients.put(k, Hyperparameter.constant(v)));
    }

    public Builder initialLoss(InitialLoss value) {
      Require.notNull("initialLoss", value, ", use InitialLoss.none()");
      this.initialLoss = value;
      return this;
    }

    public Builder schedule(ReshapeSchedule value) {
      Require.notNull("schedule", value, ", use ReshapeSchedule.always()");
      this.schedule = value;
      return this;
    }

    /** Feeds coefficient {@code name} from {@code value} (e.g. {@link io.github.llr4j.core.hparam.Schedule#cyclic}) instead of its constant. */
    public Builder coefficient(String name, Hyperparameter value) {
      Require.that(coefficients.containsKey(name), "coefficient",
          "be one of " + reshaper.coefficients().keySet() + " of " + reshaper.name(),
          "'" + name + "'");
      Require.notNull("coefficient '" + name + "'", value);
      coefficients.put(name, value);
      return this;
    }

    public ReshapedObjective build() {
      return new ReshapedObjective(
          reshaper, initialLoss, schedule, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(coefficients)));
    }
  }
}
