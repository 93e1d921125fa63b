package io.github.llr4j.core.diag.psi;

import io.github.llr4j.core.diag.LossProbe;
import io.github.llr4j.core.diag.ParameterLayout;
import io.github.llr4j.core.nn.layers.BatchNorm;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;

/**
 * A model's trainable variables read as a plain ReLU network ({@link ReluNetLayout}), with every
 * batch norm folded into the layer before it as at evaluation time.
 *
 * <p>Accepted variable sequences, layer by layer: a kernel (convolution {@code [kh, kw, in, out]}
 * or Dense {@code [in, out]}), optionally its bias {@code [out]}, optionally a batch norm's
 * {@code gamma [out]} and {@code beta [out]}; each kernel's input matches the previous layer's
 * output width, except that a Dense kernel after a convolution may take P times its channels (a
 * flattened map of P positions, NHWC order) or exactly them (global average pooling). The layout
 * cannot see the activations or the wiring, so callers only pass models that are such chains (the
 * {@link io.github.llr4j.core.nn.ScaleInvariantChain} specs); residual blocks and depthwise
 * convolutions are refused by that check, not here.
 *
 * <p>Folding (inference-mode batch norm is an affine map per channel): with
 * {@code s_c = gamma_c / sqrt(var_c + eps)} (eps = {@link BatchNorm#DEFAULT_EPSILON}: the variables
 * do not record it, and vision's {@code ScaleInvariantChainEpsilonTest} fails if a chain spec builds
 * its batch norms with another) the folded
 * kernel is {@code W[..., c] s_c} and the folded bias {@code s_c (b_c - mean_c) + beta_c} (b = 0
 * without a bias); without batch norm the layer is copied. The folded network computes the model's
 * inference-mode logits, and rescaling its channel c (through gamma_c and beta_c, or the kernel and
 * bias without batch norm) against the next layer's weights leaves them unchanged: basis paths are
 * taken on the folded vector. {@link #unfold} maps a folded vector back onto the trainable
 * variables, keeping gamma and the moving statistics and moving the kernel and beta, so a
 * perturbation chosen in folded coordinates can be applied to the real model.
 */
public final class FoldedNetwork {

  /** Where one layer's variables sit in the trainable and state vectors (-1: absent). */
  private record Layer(int kernel, int bias, int gamma, int beta, int mean, int variance) {}

  /** A {@link Layer} while its variables are being read, in order. */
  private static final class Read {
    final boolean conv;
    final int kernel;
    int bias = -1, gamma = -1, beta = -1, mean = -1, variance = -1;

    Read(boolean conv, int kernel) {
      this.conv = conv;
      this.kernel = kernel;
    }
  }

  private final ReluNetLayout folded;
  private final List<Layer> layers;
  private final int trainableSize;
  private final double[] state;

  private FoldedNetwork(ReluNetLayout folded, List<Layer> layers, int trainableSize, double[] state) {
    this.folded = folded;
    this.layers = layers;
    this.trainableSize = trainableSize;
    this.state = state;
  }

  /** A network without batch norm (its variables already are the folded ones). */
  public static FoldedNetwork of(ParameterLayout trainable) {
    return of(trainable, null, new double[0]);
  }

  /**
   * The network of {@code trainable}, its batch norms' moving statistics named
   * {@code <bn scope>/moving_mean} and {@code <bn scope>/moving_variance} in {@code stateLayout}
   * (null: none) with values {@code stateValues}.
   */
  public static FoldedNetwork of(ParameterLayout trainable, ParameterLayout stateLayout, double[] stateValues) {
    if (stateLayout != null && stateValues.length != stateLayout.size())
      throw new IllegalArgumentException("state values must have " + stateLayout.size() + " entries, got " + stateValues.length);
    List<Integer> widths = new ArrayList<>(), taps = new ArrayList<>();
    List<Read> read = new ArrayList<>();
    for (int v = 0; v < trainable.count(); v++) {
      String name = trainable.names().get(v);
      Shape s = trainable.shapes().get(v);
      int off = trainable.offset(v);
      Read cur = read.isEmpty() ? null : read.get(read.size() - 1);
      int width = widths.isEmpty() ? 0 : widths.get(widths.size() - 1);
      boolean vector = cur != null && s.numDimensions() == 1 && s.get(0) == width;
      if (name.endsWith("kernel") && (s.numDimensions() == 4 || s.numDimensions() == 2)) {
        boolean isConv = s.numDimensions() == 4;
        int in = (int) s.get(isConv ? 2 : 0), out = (int) s.get(isConv ? 3 : 1);
        int t = isConv ? (int) (s.get(0) * s.get(1)) : 1;
        if (cur == null) {
          widths.add(in);
        } else if (isConv && !cur.conv) {
          throw refused(name, s, "a convolution after a Dense layer is not a chain this construction reads");
        } else if (!isConv && cur.conv && in % width == 0) {
          t = in / width; // flattened NHWC map: feature p C + c is tap p between channel c and the output
        } else if (in != width) {
          throw refused(name, s, "its input width must be the previous layer's " + width);
        }
        widths.add(out);
        taps.add(t);
        read.add(new Read(isConv, off));
      } else if (vector && name.endsWith("bias") && cur.bias < 0 && cur.gamma < 0) {
        cur.bias = off;
      } else if (vector && name.endsWith("gamma") && cur.gamma < 0) {
        cur.gamma = off;
        String scope = name.substring(0, name.length() - "gamma".length());
        cur.mean = stateOffset(stateLayout, scope + "moving_mean", width);
        cur.variance = stateOffset(stateLayout, scope + "moving_variance", width);
      } else if (vector && name.endsWith("beta") && cur.gamma >= 0 && cur.beta < 0) {
        cur.beta = off;
      } else {
        throw refused(name, s, "expected a kernel, the bias after it, or a batch norm's gamma and beta after that");
      }
    }
    if (read.isEmpty()) throw new IllegalArgumentException("basis paths need at least one kernel, got variables " + trainable.names());
    List<Layer> layers = new ArrayList<>();
    boolean[] biases = new boolean[read.size()];
    for (int l = 0; l < read.size(); l++) {
      Read r = read.get(l);
      if (r.gamma >= 0 && r.beta < 0) throw new IllegalArgumentException("batch norm gamma at offset " + r.gamma + " has no beta after it");
      layers.add(new Layer(r.kernel, r.bias, r.gamma, r.beta, r.mean, r.variance));
      biases[l] = r.bias >= 0 || r.gamma >= 0;
    }
    ReluNetLayout net = ReluNetLayout.of(widths.stream().mapToInt(Integer::intValue).toArray(),
        taps.stream().mapToInt(Integer::intValue).toArray(), biases);
    return new FoldedNetwork(net, layers, trainable.size(), stateValues.clone());
  }

  /** The network of {@code probe}'s model with its current moving statistics read from {@code session}. */
  public static FoldedNetwork read(LossProbe probe, Session session) {
    return of(probe.layout(), probe.stateLayout(), probe.state(session));
  }

  private static int stateOffset(ParameterLayout state, String name, int width) {
    if (state != null)
      for (int v = 0; v < state.count(); v++)
        if (state.names().get(v).equals(name) && state.length(v) == width) return state.offset(v);
    throw new IllegalArgumentException("batch norm folding needs the state variable '" + name + "' of " + width
        + " entries (the moving statistics); pass the model's state layout and values");
  }

  private static IllegalArgumentException refused(String name, Shape s, String why) {
    return new IllegalArgumentException("basis paths need a plain ReLU chain (dense or convolution kernels, their biases"
        + " and batch norms); variable '" + name + "' of shape " + s + " does not fit: " + why);
  }

  /** The folded network (consecutive kernel [, bias] blocks; a folded batch norm is a bias). */
  public ReluNetLayout folded() {
    return folded;
  }

  /** Whether any layer has a batch norm to fold. */
  public boolean hasBatchNorm() {
    return layers.stream().anyMatch(l -> l.gamma >= 0);
  }

  /** The folded parameter vector of the trainable weights {@code w}. */
  public double[] fold(double[] w) {
    requireLength(w);
    double[] out = new double[folded.size()];
    for (int l = 1; l <= layers.size(); l++) {
      Layer y = layers.get(l - 1);
      int n = folded.widths()[l];
      double[] s = scales(y, n, w);
      int len = folded.taps(l) * folded.widths()[l - 1] * n, k = folded.kernelIndex(l, 0, 0, 0);
      for (int r = 0; r < len; r++) out[k + r] = w[y.kernel + r] * s[r % n];
      if (folded.hasBias(l))
        for (int j = 0; j < n; j++) {
          double b = y.bias < 0 ? 0 : w[y.bias + j];
          out[folded.biasIndex(l, j)] = y.gamma < 0 ? b : s[j] * (b - state[y.mean + j]) + w[y.beta + j];
        }
    }
    return out;
  }

  /**
   * Trainable weights whose fold is {@code foldedValues}: {@code w} with the kernels divided by the
   * batch-norm scales and beta solved from the folded bias (gamma, a convolution's own bias under
   * batch norm and the moving statistics keep their values). A channel with gamma = 0 folds to zero
   * whatever its kernel, so its kernel is kept.
   */
  public double[] unfold(double[] foldedValues, double[] w) {
    requireLength(w);
    if (foldedValues.length != folded.size())
      throw new IllegalArgumentException("folded weights must have " + folded.size() + " entries, got " + foldedValues.length);
    double[] out = w.clone();
    for (int l = 1; l <= layers.size(); l++) {
      Layer y = layers.get(l - 1);
      int n = folded.widths()[l];
      double[] s = scales(y, n, w);
      int len = folded.taps(l) * folded.widths()[l - 1] * n, k = folded.kernelIndex(l, 0, 0, 0);
      for (int r = 0; r < len; r++) if (s[r % n] != 0) out[y.kernel + r] = foldedValues[k + r] / s[r % n];
      if (!folded.hasBias(l)) continue;
      for (int j = 0; j < n; j++) {
        double fb = foldedValues[folded.biasIndex(l, j)];
        if (y.gamma < 0) out[y.bias + j] = fb;
        else out[y.beta + j] = fb - s[j] * ((y.bias < 0 ? 0 : w[y.bias + j]) - state[y.mean + j]);
      }
    }
    return out;
  }

  /** Per output channel of layer {@code y}: gamma / sqrt(var + eps), or 1 without batch norm. */
  private double[] scales(Layer y, int width, double[] w) {
    double[] s = new double[width];
    for (int j = 0; j < width; j++)
      s[j] = y.gamma < 0 ? 1 : w[y.gamma + j] / Math.sqrt(state[y.variance + j] + (double) BatchNorm.DEFAULT_EPSILON);
    return s;
  }

  private void requireLength(double[] w) {
    if (w.length != trainableSize)
      throw new IllegalArgumentException("weights must have " + trainableSize + " entries (the model's parameters), got " + w.length);
  }
}
