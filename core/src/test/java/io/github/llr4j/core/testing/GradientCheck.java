package io.github.llr4j.core.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Compares TF's symbolic gradient of a scalar float32 graph function y with central finite
 * differences (y(x + h e_i) - y(x - h e_i)) / 2h, element by element, for each input: a variable
 * (perturbed by assign) or a placeholder (perturbed through the feed).
 *
 * <p>Error measure per element: |g - n| / max(|g|, |n|, {@code floor}), reported as the maximum.
 * Float32 guidance: the function value carries relative round-off about 6e-8, so the finite
 * difference has absolute error about 6e-8 |y| / h, and truncation error about h^2 |y'''| / 6.
 * With inputs and y of order 1, {@code h = 1e-2} and {@code floor = 1e-2} keep both well under
 * 1e-2; a correct gradient then gives a max relative error below ~5e-3, a wrong one (sign, factor,
 * transposition) gives about 1 or more. Use a random projection y = sum(out * r) rather than
 * sum(out) (which hides errors that sum to zero, e.g. in normalisation layers) and keep inputs away
 * from kinks (ReLU at 0, ties in max pooling) by more than h.
 */
public final class GradientCheck {
  /** Default step h (see the class comment). */
  public static final double DEFAULT_STEP = 1e-2;
  /** Default denominator floor (see the class comment). */
  public static final double DEFAULT_FLOOR = 1e-2;

  private GradientCheck() {}

  /** Max relative error with the default step and floor; no placeholder values. */
  public static double maxRelativeError(
      Ops tf, Session s, Operand<TFloat32> y, List<? extends Operand<TFloat32>> wrt) {
    return maxRelativeError(tf, s, y, wrt, Map.of(), DEFAULT_STEP, DEFAULT_FLOOR);
  }

  /**
   * @param y scalar function
   * @param wrt variables ({@code VariableV2}) or placeholders to differentiate by
   * @param placeholderValues a value for every placeholder y depends on (row-major), including
   *     those in {@code wrt}
   */
  public static double maxRelativeError(Ops tf, Session s, Operand<TFloat32> y,
      List<? extends Operand<TFloat32>> wrt, Map<Operand<TFloat32>, float[]> placeholderValues,
      double step, double floor) {
    if (y.shape().numDimensions() != 0) {
      throw new IllegalArgumentException("y must be a scalar, got shape " + y.shape());
    }
    if (!(step > 0) || !(floor > 0)) {
      throw new IllegalArgumentException(
          "step and floor must be positive, got " + step + " and " + floor);
    }
    Gradients grads = tf.gradients(y, new ArrayList<Operand<?>>(wrt));
    Map<Operand<TFloat32>, float[]> feeds = new LinkedHashMap<>(placeholderValues);
    List<float[]> symbolic = new ArrayList<>();
    for (int i = 0; i < wrt.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> g = (Operand<TFloat32>) (Operand<?>) grads.dy(i);
      symbolic.add(run(s, g, feeds));
    }
    double worst = 0;
    for (int i = 0; i < wrt.size(); i++) {
      Operand<TFloat32> x = wrt.get(i);
      boolean isVariable = x instanceof Variable;
      float[] base;
      Placeholder<TFloat32> p = null;
      Assign<TFloat32> assign = null;
      if (isVariable) {
        base = TensorValues.fetch(s, x);
        p = tf.placeholder(TFloat32.class, Placeholder.shape(x.shape()));
        assign = tf.assign((Variable<TFloat32>) x, p);
      } else {
        base = feeds.get(x);
        if (base == null) {
          throw new IllegalArgumentException("placeholderValues must hold a value for " + x);
        }
      }
      float[] work = base.clone();
      float[] g = symbolic.get(i);
      for (int k = 0; k < base.length; k++) {
        double plus;
        double minus;
        work[k] = (float) (base[k] + step);
        float hp = work[k] - base[k];
        plus = evaluate(s, y, x, work, feeds, p, assign);
        work[k] = (float) (base[k] - step);
        float hm = base[k] - work[k];
        minus = evaluate(s, y, x, work, feeds, p, assign);
        work[k] = base[k];
        // The float32 steps actually taken, so representation error of x +- h does not bias n.
        double numeric = (plus - minus) / ((double) hp + hm);
        double denom = Math.max(floor, Math.max(Math.abs(g[k]), Math.abs(numeric)));
        worst = Math.max(worst, Math.abs(g[k] - numeric) / denom);
      }
      if (isVariable) {
        evaluate(s, y, x, base, feeds, p, assign);
      }
    }
    return worst;
  }

  private static double evaluate(Session s, Operand<TFloat32> y, Operand<TFloat32> x,
      float[] value, Map<Operand<TFloat32>, float[]> feeds, Placeholder<TFloat32> p,
      Assign<TFloat32> assign) {
    if (assign != null) {
      try (TFloat32 t = TensorValues.tensor(x.shape(), value)) {
        s.runner().feed(p, t).addTarget(assign).run();
      }
      return run(s, y, feeds)[0];
    }
    Map<Operand<TFloat32>, float[]> changed = new LinkedHashMap<>(feeds);
    changed.put(x, value);
    return run(s, y, changed)[0];
  }

  private static float[] run(Session s, Operand<TFloat32> out, Map<Operand<TFloat32>, float[]> feeds) {
    List<TFloat32> tensors = new ArrayList<>();
    try {
      Session.Runner r = s.runner();
      for (Map.Entry<Operand<TFloat32>, float[]> e : feeds.entrySet()) {
        Shape shape = e.getKey().shape();
        TFloat32 t = TensorValues.tensor(shape, e.getValue());
        tensors.add(t);
        r.feed(e.getKey(), t);
      }
      try (Result res = r.fetch(out).run()) {
        return TensorValues.toArray((TFloat32) res.get(0));
      }
    } finally {
      tensors.forEach(TFloat32::close);
    }
  }
}
