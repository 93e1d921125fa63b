package io.github.llr4j.core.diag;

import io.github.llr4j.core.data.Batch;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.loss.TrainingLoss;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TType;

/**
 * The graph part of every diagnostic, built once into a model's graph under the sub-scope given
 * (e.g. {@code diag}): the plain mean loss L of a batch with the model in <b>inference mode</b>
 * (batch norm uses its moving statistics, dropout is off, no state update is recorded), its
 * gradient with respect to every trainable variable, one assign op per variable fed from a
 * placeholder (to move the weights to {@code w + d} and back), and optionally the exact
 * Hessian-vector product {@code d(grad L . v)/dw} by double back-propagation.
 *
 * <p>Host side, weights, gradients and directions are flat float64 vectors in the order of
 * {@link ParameterLayout}. Losses and gradients over a list of batches are means over examples
 * (each batch weighted by its size). Weights are read as float32 and converted to float64, which
 * is exact, so writing back a vector read by {@link #weights} restores every bit.
 *
 * <p>Exact products need second-order gradients of every op between the loss and the weights;
 * TF-Java 1.0.0 lacks them for ReluGrad, TanhGrad, RsqrtGrad, Conv2DBackpropFilter and the
 * pooling gradients, so for CNNs {@link #exactAvailable()} is false and the products are finite
 * differences ({@link HessianVectorProduct}).
 */
public final class LossProbe {

  private final Model model;
  private final List<Variable<TFloat32>> params;
  private final ParameterLayout layout;
  private final Placeholder<? extends TType> input;
  private final Placeholder<TInt32> labels;
  private final Operand<TFloat32> loss;
  private final List<Operand<TFloat32>> gradients = new ArrayList<>();
  private final List<Placeholder<TFloat32>> assignValues = new ArrayList<>();
  private final List<Op> assigns = new ArrayList<>();
  private final List<Placeholder<TFloat32>> directions = new ArrayList<>();
  private final List<Operand<TFloat32>> products = new ArrayList<>();
  private final String exactUnavailable;
  private long gradientPasses;
  private long lossPasses;

  /**
   * Builds the probe of {@code model} into {@code tf}'s graph under {@code scope}.
   *
   * @param loss the plain mean loss (e.g. cross-entropy), evaluated in inference mode
   * @param inputType element type of a batch's inputs
   * @param exampleShape shape of one example
   * @param exact also build the exact Hessian-vector product; when TF-Java lacks a second-order
   *     gradient this is recorded (see {@link #exactUnavailableReason()}) instead of failing
   */
  public LossProbe(Ops tf, String scope, Model model, TrainingLoss loss,
      Class<? extends TType> inputType, Shape exampleShape, boolean exact) {
    if (model == null || loss == null) throw new IllegalArgumentException("model and loss must not be null");
    Ops s = tf.withSubScope(scope);
    this.model = model;
    this.params = model.trainableVariables();
    this.layout = ParameterLayout.of(params);
    this.input = s.withName("examples").placeholder(inputType,
        Placeholder.shape(Shape.of(-1).append(exampleShape)));
    this.labels = s.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    this.loss = loss.meanLoss(ModelContext.inference(s), model, input, labels);
    // an explicit initial dy of 1: the default one is OnesLike(L), which has no gradient, so the
    // exact product could not differentiate through it
    Ops gs = s.withSubScope("gradients");
    Gradients g = gs.gradients(this.loss, params, Gradients.dx(List.of(gs.constant(1f))));
    for (int i = 0; i < params.size(); i++) gradients.add(g.dy(i));
    Ops a = s.withSubScope("assign");
    for (Variable<TFloat32> v : params) {
      Placeholder<TFloat32> p = a.placeholder(TFloat32.class, Placeholder.shape(v.shape()));
      assignValues.add(p);
      assigns.add(a.assign(v, p));
    }
    String reason = exact ? null : "not requested";
    if (exact) {
      try {
        Ops h = s.withSubScope("hvp");
        Operand<TFloat32> dot = null;
        for (int i = 0; i < params.size(); i++) {
          Placeholder<TFloat32> d = h.placeholder(TFloat32.class, Placeholder.shape(params.get(i).shape()));
          directions.add(d);
          Operand<TFloat32> term = h.reduceSum(h.math.mul(gradients.get(i), d), allAxes(h, params.get(i).shape()));
          dot = dot == null ? term : h.math.add(dot, term);
        }
        Gradients hv = h.withSubScope("second").gradients(dot, params);
        for (int i = 0; i < params.size(); i++) products.add(hv.dy(i));
      } catch (RuntimeException e) {
        directions.clear();
        products.clear();
        reason = "TF-Java has no second-order gradient for an op of this model (" + firstLine(e.getMessage()) + ")";
      }
    }
    this.exactUnavailable = reason;
  }

  private static Operand<TInt32> allAxes(Ops tf, Shape shape) {
    int[] axes = new int[shape.numDimensions()];
    for (int d = 0; d < axes.length; d++) axes[d] = d;
    return tf.constant(axes);
  }

  private static String firstLine(String s) {
    if (s == null) return "no message";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  public Model model() { return model; }
  public ParameterLayout layout() { return layout; }

  /** Whether {@link #exactHvp} is available. */
  public boolean exactAvailable() {
    return exactUnavailable == null;
  }

  /** Why the exact product is unavailable, or null when it is available. */
  public String exactUnavailableReason() {
    return exactUnavailable;
  }

  /** Forward-backward passes over single batches run so far (one per batch and gradient). */
  public long gradientPasses() { return gradientPasses; }

  /** Forward-only passes over single batches run so far. */
  public long lossPasses() { return lossPasses; }

  /** The current trainable weights, flat float64 (exact copies of the float32 values). */
  public double[] weights(Session session) {
    Session.Runner r = session.runner();
    params.forEach(r::fetch);
    double[] out = new double[layout.size()];
    try (Result res = r.run()) {
      for (int i = 0; i < params.size(); i++) copyInto((TFloat32) res.get(i), out, layout.offset(i));
    }
    return out;
  }

  /**
   * The layout of the model's state variables (batch-norm moving statistics), or null when it has
   * none; read them with {@link #state}.
   */
  public ParameterLayout stateLayout() {
    List<Variable<TFloat32>> state = model.stateVariables();
    return state.isEmpty() ? null : ParameterLayout.of(state);
  }

  /**
   * The current state variables, flat float64 in the order of {@link #stateLayout()} (empty when
   * there are none). Diagnostics read them, never write them: the probe runs in inference mode.
   */
  public double[] state(Session session) {
    List<Variable<TFloat32>> state = model.stateVariables();
    if (state.isEmpty()) return new double[0];
    ParameterLayout sl = ParameterLayout.of(state);
    Session.Runner r = session.runner();
    state.forEach(r::fetch);
    double[] out = new double[sl.size()];
    try (Result res = r.run()) {
      for (int i = 0; i < state.size(); i++) copyInto((TFloat32) res.get(i), out, sl.offset(i));
    }
    return out;
  }

  /** Sets every trainable variable to {@code w} (rounded to float32). */
  public void setWeights(Session session, double[] w) {
    checkLength("w", w);
    Session.Runner r = session.runner();
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (int i = 0; i < params.size(); i++) {
        TFloat32 t = tensor(w, i);
        fed.add(t);
        r.feed(assignValues.get(i), t);
        r.addTarget(assigns.get(i));
      }
      try (Result ignored = r.run()) {
        // effects only
      }
    } finally {
      fed.forEach(Tensor::close);
    }
  }

  /** Mean loss and its gradient over {@code data} at the current weights. */
  public record LossGradient(double loss, double[] gradient, long examples) {}

  /** Mean inference-mode loss over {@code data} at the current weights. */
  public double loss(Session session, List<Batch> data) {
    checkData(data);
    double sum = 0;
    long n = 0;
    for (Batch b : data) {
      try (Result res = session.runner().feed(input, b.inputs()).feed(labels, b.labels()).fetch(loss).run()) {
        sum += ((TFloat32) res.get(0)).getFloat() * (double) b.size();
      }
      n += b.size();
      lossPasses++;
    }
    return sum / n;
  }

  /** Mean loss and gradient over {@code data} at the current weights. */
  public LossGradient lossAndGradient(Session session, List<Batch> data) {
    checkData(data);
    double[] g = new double[layout.size()];
    double sum = 0;
    long n = 0;
    double[] part = new double[layout.size()];
    for (Batch b : data) {
      Session.Runner r = session.runner().feed(input, b.inputs()).feed(labels, b.labels()).fetch(loss);
      gradients.forEach(r::fetch);
      try (Result res = r.run()) {
        sum += ((TFloat32) res.get(0)).getFloat() * (double) b.size();
        for (int i = 0; i < params.size(); i++) copyInto((TFloat32) res.get(i + 1), part, layout.offset(i));
      }
      Vectors.axpy(b.size(), part, g);
      n += b.size();
      gradientPasses++;
    }
    Vectors.scale(g, 1.0 / n);
    return new LossGradient(sum / n, g, n);
  }

  /**
   * The exact product {@code H v} over {@code data} by double back-propagation (mean over examples).
   *
   * @throws IllegalStateException when {@link #exactAvailable()} is false
   */
  public double[] exactHvp(Session session, List<Batch> data, double[] v) {
    if (!exactAvailable()) throw new IllegalStateException("exact Hessian-vector products are unavailable: " + exactUnavailable);
    checkData(data);
    checkLength("v", v);
    double[] out = new double[layout.size()];
    double[] part = new double[layout.size()];
    long n = 0;
    List<TFloat32> fed = new ArrayList<>();
    try {
      for (int i = 0; i < params.size(); i++) fed.add(tensor(v, i));
      for (Batch b : data) {
        Session.Runner r = session.runner().feed(input, b.inputs()).feed(labels, b.labels());
        for (int i = 0; i < params.size(); i++) r.feed(directions.get(i), fed.get(i));
        products.forEach(r::fetch);
        try (Result res = r.run()) {
          for (int i = 0; i < params.size(); i++) copyInto((TFloat32) res.get(i), part, layout.offset(i));
        }
        Vectors.axpy(b.size(), part, out);
        n += b.size();
        gradientPasses += 2;
      }
    } finally {
      fed.forEach(Tensor::close);
    }
    Vectors.scale(out, 1.0 / n);
    return out;
  }

  private TFloat32 tensor(double[] flat, int variable) {
    int off = layout.offset(variable);
    int len = layout.length(variable);
    float[] vals = new float[len];
    for (int k = 0; k < len; k++) vals[k] = (float) flat[off + k];
    return TFloat32.tensorOf(layout.shapes().get(variable), DataBuffers.of(vals, true, false));
  }

  private static void copyInto(TFloat32 t, double[] out, int offset) {
    float[] vals = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(vals, false, false));
    for (int k = 0; k < vals.length; k++) out[offset + k] = vals[k];
  }

  private void checkLength(String name, double[] v) {
    if (v == null || v.length != layout.size())
      throw new IllegalArgumentException(name + " must have " + layout.size() + " entries (the model's parameters), got "
          + (v == null ? null : v.length));
  }

  private static void checkData(List<Batch> data) {
    if (data == null || data.isEmpty()) throw new IllegalArgumentException("data must hold at least one batch, got " + data);
  }
}
