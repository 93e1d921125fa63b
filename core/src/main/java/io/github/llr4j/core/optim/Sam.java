package io.github.llr4j.core.optim;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.hparam.Hyperparameter;
import io.github.llr4j.core.hparam.ScalarFeeds;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TNumber;

/**
 * Sharpness-aware minimisation as a wrapper around a base optimizer: SAM (Foret et al., ICLR
 * 2021) and ASAM (Kwon et al., ICML 2021). One SAM step on the (reshaped) training objective L_fin
 * (spec section 5):
 *
 * <pre>
 *   g1 = grad L_fin(w)                                   first pass
 *   e  = rho * g1 / ||g1||                               SAM
 *   e  = rho * T^2 g1 / ||T g1||,  T = |w| + eta         ASAM (element-wise)
 *   g2 = grad L_fin(w + e)                               second pass (same batch, same L0)
 *   w  = base step from w with g2
 * </pre>
 *
 * ||.|| is the norm over all parameters together. ASAM's T is applied to every parameter
 * (biases and batch-norm parameters included; Kwon et al.'s code can exempt them, this does not). With {@code interval} k > 1
 * the SAM step runs on steps 0, k, 2k, ... and the other steps are plain base steps on g1.
 *
 * <p>Building blocks: {@link #perturb} adds the ascent (w saved into state variables
 * {@code sam/w0/...}, then {@code w = w + e}, after every first-pass gradient) and returns the
 * {@link Perturbation} whose {@link Perturbation#restore} copies the saved w back, bit for bit,
 * after every second-pass gradient;
 * {@link #applyGradients} is the base optimizer's update, to be fed g2 after the restore. The
 * trainer finds them through {@link #twoPass()} and assembles a two-pass step in which the
 * batch-norm moving statistics are updated by the first pass only. A SAM step costs two
 * forward-backward passes.
 *
 * @param base the update applied with the second-pass gradient (SGD, Adam, ...)
 * @param rho the radius, fed as hyperparameter {@code sam_rho} (spec: 0.1 for 10 classes, 0.2 for 100;
 *     ASAM is usually run with larger rho, e.g. 0.5-2)
 * @param adaptive ASAM instead of SAM
 * @param eta ASAM's offset in T = |w| + eta (0.01 in Kwon et al.), >= 0; ignored by SAM
 * @param interval run the SAM step every {@code interval} steps (1 = every step)
 */
public record Sam(Optimizer base, Hyperparameter rho, boolean adaptive, double eta, int interval)
    implements Optimizer, TwoPass {

  /** Name of the fed radius. */
  public static final String RHO = "sam_rho";

  public Sam {
    Require.notNull("base", base, " (the optimizer SAM wraps)");
    Require.that(!(base instanceof Sam), "base", "not itself be SAM", base);
    Require.notNull("rho", rho);
    if (rho instanceof Hyperparameter.Constant c) Require.that(c.value() > 0, "rho", "be > 0", c.value());
    Require.nonNegative("eta", eta);
    Require.atLeast("interval", interval, 1);
  }

  /** SAM with radius {@code rho} on every step. */
  public static Sam sam(Optimizer base, double rho) {
    return new Sam(base, Hyperparameter.constant(rho), false, 0, 1);
  }

  /** ASAM with radius {@code rho}, eta 0.01, on every step. */
  public static Sam asam(Optimizer base, double rho) {
    return new Sam(base, Hyperparameter.constant(rho), true, 0.01, 1);
  }

  /** This wrapper with the SAM step every {@code k} steps. */
  public Sam withInterval(int k) {
    return new Sam(base, rho, adaptive, eta, k);
  }

  /** Whether the step {@code step} (counted from 0) is a SAM step. */
  public boolean samStep(long step) {
    return step % interval == 0;
  }

  @Override
  public boolean twoPassesAt(long step) {
    return samStep(step);
  }

  @Override
  public java.util.Optional<TwoPass> twoPass() {
    return java.util.Optional.of(this);
  }

  @Override
  public String name() {
    return (adaptive ? "asam" : "sam") + "-" + base.name();
  }

  /** The base optimizer's update with {@code gradients} (the second-pass gradients, after the restore). */
  @Override
  public <T extends TNumber> Op applyGradients(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    return base.applyGradients(tf, params, gradients, feeds);
  }

  /** The ascent {@code w += e} from first-pass gradients and the matching restore. */
  @Override
  public <T extends TNumber> Perturbation<T> perturb(
      Ops tf, List<Variable<T>> params, List<Operand<T>> gradients, ScalarFeeds feeds) {
    Class<T> type = UpdateGraph.checkedType(tf, params, gradients, feeds);
    Ops s = tf.withSubScope(adaptive ? "asam" : "sam");
    Operand<T> r = feeds.scalar(RHO, rho, type);
    Ops after = UpdateGraph.afterGradients(s, gradients);
    List<Operand<T>> scaled = new ArrayList<>(); // T g (SAM: g)
    List<Operand<T>> t = new ArrayList<>();
    Operand<T> sumSq = null;
    for (int i = 0; i < params.size(); i++) {
      Operand<T> g = gradients.get(i);
      Operand<T> ti = adaptive ? after.math.add(after.math.abs(params.get(i)), UpdateGraph.scalar(s, eta, type)) : null;
      Operand<T> tg = adaptive ? after.math.mul(ti, g) : g;
      t.add(ti);
      scaled.add(tg);
      Operand<T> sq = after.reduceSum(after.math.square(tg), allAxes(after, params.get(i)));
      sumSq = sumSq == null ? sq : after.math.add(sumSq, sq);
    }
    // a zero gradient gives e = 0 instead of 0/0
    Operand<T> norm = after.math.maximum(after.math.sqrt(sumSq), UpdateGraph.scalar(s, 1e-12, type));
    Operand<T> factor = after.math.div(r, norm);
    Ops slots = s.withSubScope("w0");
    List<Variable<T>> saved = new ArrayList<>();
    List<Op> ascents = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      Operand<T> e = after.math.mul(factor, adaptive ? after.math.mul(t.get(i), scaled.get(i)) : scaled.get(i));
      Variable<T> w0 = UpdateGraph.zerosLike(slots, params.get(i));
      saved.add(w0);
      // w0 keeps the exact weights: the restore copies them back instead of computing (w + e) - e
      Operand<T> kept = after.assign(w0, params.get(i));
      ascents.add(after.assign(params.get(i), after.math.add(kept, e)));
    }
    Op ascend = s.withControlDependencies(ascents).withName("ascend").noOp();
    return new Perturbation<>(params, saved, ascend, s);
  }

  private static <T extends TNumber> Operand<org.tensorflow.types.TInt32> allAxes(Ops tf, Variable<T> v) {
    int[] axes = new int[v.shape().numDimensions()];
    for (int d = 0; d < axes.length; d++) axes[d] = d;
    return tf.constant(axes);
  }

  /**
   * The ascent of one SAM step and its undo.
   *
   * @param <T> parameter type
   */
  public static final class Perturbation<T extends TNumber> {
    private final List<Variable<T>> params;
    private final List<Variable<T>> saved;
    private final Op ascend;
    private final Ops scope;

    private Perturbation(List<Variable<T>> params, List<Variable<T>> saved, Op ascend, Ops scope) {
      this.params = params;
      this.saved = saved;
      this.ascend = ascend;
      this.scope = scope;
    }

    /** Saves w and sets {@code w = w + e} (after every first-pass gradient). */
    public Op ascend() {
      return ascend;
    }

    /** The state variables holding the unperturbed weights, one per parameter. */
    public List<Variable<T>> savedWeights() {
      return saved;
    }

    /** Sets w back to the saved weights (bit for bit), after every one of {@code secondPassGradients}. */
    public Op restore(List<Operand<T>> secondPassGradients) {
      Ops after = UpdateGraph.afterGradients(scope, secondPassGradients);
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < params.size(); i++) ops.add(after.assign(params.get(i), saved.get(i)));
      return scope.withControlDependencies(ops).withName("restore").noOp();
    }
  }

  @Override
  public String toString() {
    return name() + "(rho=" + rho + (adaptive ? ", eta=" + eta : "") + (interval > 1 ? ", every " + interval + " steps" : "")
        + ", base=" + base + ")";
  }
}
