package io.github.llr4j.core.diag.psi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The basis paths of a plain ReLU network, MLP or CNN (G-SGD's skeleton construction, Meng et al.
 * 2019, generalised to layers of any width and to parallel weights), and their values.
 *
 * <p>Network: layer widths n_0 (inputs) .. n_L (outputs), kernels W_l of shape [n_(l-1), n_l] and
 * optional biases; hidden units are those of layers 1 .. L-1. A bias is an edge from a constant
 * unit that is never rescaled. A path runs from an input (or a bias) to an output; its value is
 * the product of its weights. Rescaling hidden unit u (incoming x c, outgoing / c) leaves every
 * path value unchanged, and the log-values of all paths span a space of dimension
 * {@code m - H} (m parameters, H hidden units): the basis has that many paths.
 *
 * <p>Skeleton: hidden unit j of layer l gets one skeleton incoming edge, from unit
 * {@code j mod n_(l-1)}, and one skeleton outgoing edge, to unit {@code j mod n_(l+1)} (with equal
 * widths these are G-SGD's diagonal weights). Following skeleton edges backwards from a unit reaches
 * an input, forwards an output. The basis paths are the paths with at most one non-skeleton
 * weight: for every non-skeleton edge a -> b the path (skeleton back from a) + edge + (skeleton
 * forward from b); for every bias the bias + (skeleton forward); and one all-skeleton path per
 * chain of units linked by edges that are skeleton in both directions, attached to the incoming
 * skeleton edge of the chain's first unit (its "designated" edge). Counting: 2H skeleton slots, D
 * of them shared, H - D chains, so {@code m - (2H - D) + (H - D) = m - H} paths. Every basis path
 * is thus owned by one parameter (its non-skeleton edge, bias or designated edge); the other H
 * skeleton parameters own none.
 *
 * <p>CNNs ({@link ReluNetLayout}): a unit is a channel and the t taps between two units (kernel
 * positions, or flattened positions before a Dense layer) are t parallel edges. Every product of
 * weights along a spatial input-output path of the CNN is the value of such a multigraph path
 * (one tap per layer), and rescaling a channel acts on the taps exactly as on one edge, so the
 * construction is unchanged with tap 0 as the skeleton edge: every other tap of a skeleton pair is
 * a non-skeleton edge owning one path. The count stays {@code m - H}, with m counting every tap and
 * H the hidden channels. Max and average pooling, flattening and global average pooling are
 * positively homogeneous per channel, so they keep the invariance; residual connections and
 * depthwise convolutions change the graph and are not covered (see {@link FoldedNetwork}).
 *
 * <p>Values: with B(u) the product of skeleton weights back from u to an input and F(u) forwards to
 * an output, the path owned by edge a -> b has value {@code B(a) w F(b)}, a bias's
 * {@code b F(u)}.
 */
public final class BasisPaths {

  /** Role of a parameter in the construction. */
  enum Role { NON_SKELETON, DESIGNATED, SKELETON, BIAS }

  private final ReluNetLayout net;
  private final Role[] role;
  /** Owner parameter of each basis path, in parameter order. */
  private final int[] owner;
  private final int hidden;

  private BasisPaths(ReluNetLayout net) {
    this.net = net;
    int[] n = net.widths();
    int layers = n.length - 1;
    role = new Role[net.size()];
    Arrays.fill(role, Role.NON_SKELETON);
    int h = 0;
    for (int l = 1; l < layers; l++) {
      h += n[l];
      for (int j = 0; j < n[l]; j++) {
        role[net.kernelIndex(l, parent(l, j), j)] = Role.SKELETON;
        role[net.kernelIndex(l + 1, j, child(l, j))] = Role.SKELETON;
      }
    }
    for (int l = 1; l < layers; l++)
      for (int j = 0; j < n[l]; j++)
        if (firstOfChain(l, j)) role[net.kernelIndex(l, parent(l, j), j)] = Role.DESIGNATED;
    for (int l = 1; l <= layers; l++)
      if (net.hasBias(l)) for (int j = 0; j < n[l]; j++) role[net.biasIndex(l, j)] = Role.BIAS;
    hidden = h;
    int count = 0;
    for (Role r : role) if (r != Role.SKELETON) count++;
    owner = new int[count];
    for (int p = 0, k = 0; p < role.length; p++) if (role[p] != Role.SKELETON) owner[k++] = p;
  }

  /** The basis of the network {@code net} (e.g. {@link FoldedNetwork#folded()}). */
  public static BasisPaths of(ReluNetLayout net) {
    return new BasisPaths(net);
  }

  /** The basis of an MLP given by its widths and which of its L weight layers have biases. */
  public static BasisPaths of(int[] widths, boolean[] biases) {
    return new BasisPaths(ReluNetLayout.of(widths, biases));
  }

  /** The basis of a network given by its widths, taps per layer and biases (see {@link ReluNetLayout}). */
  public static BasisPaths of(int[] widths, int[] taps, boolean[] biases) {
    return new BasisPaths(ReluNetLayout.of(widths, taps, biases));
  }

  public ReluNetLayout network() {
    return net;
  }

  /** Number of basis paths, {@code parameters() - hiddenUnits()}. */
  public int count() {
    return owner.length;
  }

  public int parameters() {
    return net.size();
  }

  public int hiddenUnits() {
    return hidden;
  }

  /** The parameter index that owns basis path {@code k}. */
  public int owner(int k) {
    return owner[k];
  }

  private int parent(int l, int j) {
    return j % net.widths()[l - 1];
  }

  private int child(int l, int j) {
    return j % net.widths()[l + 1];
  }

  /** Is hidden unit (l, j) the first of its chain, i.e. its incoming skeleton edge not its parent's outgoing one? */
  private boolean firstOfChain(int l, int j) {
    return l == 1 || child(l - 1, parent(l, j)) != j;
  }

  /** The values of all basis paths for the flat parameter vector {@code w}, in basis order. */
  public double[] values(double[] w) {
    requireLength(w);
    double[][] back = back(w);
    double[][] fwd = forward(w);
    double[] v = new double[owner.length];
    for (int k = 0; k < owner.length; k++) {
      int p = owner[k];
      int[] e = net.locate(p);
      v[k] = e[0] == ReluNetLayout.BIAS ? w[p] * fwd[e[1]][e[3]] : back[e[1] - 1][e[2]] * w[p] * fwd[e[1]][e[3]];
    }
    return v;
  }

  /** The parameter indices along basis path {@code k}, from its input (or bias) to its output. */
  public int[] edges(int k) {
    int p = owner[k];
    int[] e = net.locate(p);
    int l = e[1];
    List<Integer> out = new ArrayList<>();
    if (e[0] != ReluNetLayout.BIAS) {
      for (int ll = l - 1, u = e[2]; ll >= 1; u = parent(ll, u), ll--) out.add(0, net.kernelIndex(ll, parent(ll, u), u));
    }
    out.add(p);
    int[] n = net.widths();
    for (int ll = l, u = e[3]; ll < n.length - 1; u = child(ll, u), ll++) out.add(net.kernelIndex(ll + 1, u, child(ll, u)));
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Per-parameter log factors that multiply every basis path k's value by {@code exp(delta[k])}:
   * {@code w_p exp(result[p])} has the basis values {@code v_k exp(delta_k)} (signs unchanged). Only
   * owners change (the H plain skeleton parameters keep factor 1); layer by layer, an owner's factor
   * is its path's delta less the factors already on its skeleton path back to the input (forward
   * skeleton edges never carry a factor: no designated edge is an outgoing skeleton edge).
   */
  public double[] logFactors(double[] delta) {
    if (delta.length != owner.length)
      throw new IllegalArgumentException("delta must have one entry per basis path (" + owner.length + "), got " + delta.length);
    int[] n = net.widths();
    double[] f = new double[net.size()];
    for (int k = 0; k < owner.length; k++) f[owner[k]] = delta[k];
    double[] backPrev = new double[n[0]];
    for (int l = 1; l < n.length; l++) {
      for (int t = 0; t < net.taps(l); t++)
        for (int i = 0; i < n[l - 1]; i++)
          for (int j = 0; j < n[l]; j++) {
            int p = net.kernelIndex(l, t, i, j);
            if (role[p] == Role.NON_SKELETON || role[p] == Role.DESIGNATED) f[p] -= backPrev[i];
          }
      if (l == n.length - 1) break;
      double[] back = new double[n[l]];
      for (int j = 0; j < n[l]; j++) back[j] = backPrev[parent(l, j)] + f[net.kernelIndex(l, parent(l, j), j)];
      backPrev = back;
    }
    return f;
  }

  /** B(u): product of skeleton weights from an input to unit u, for layers 0 .. L-1. */
  private double[][] back(double[] w) {
    int[] n = net.widths();
    double[][] b = new double[n.length - 1][];
    b[0] = new double[n[0]];
    Arrays.fill(b[0], 1);
    for (int l = 1; l < n.length - 1; l++) {
      b[l] = new double[n[l]];
      for (int j = 0; j < n[l]; j++) b[l][j] = b[l - 1][parent(l, j)] * w[net.kernelIndex(l, parent(l, j), j)];
    }
    return b;
  }

  /** F(u): product of skeleton weights from unit u to an output, for layers 1 .. L. */
  private double[][] forward(double[] w) {
    int[] n = net.widths();
    int last = n.length - 1;
    double[][] f = new double[n.length][];
    f[last] = new double[n[last]];
    Arrays.fill(f[last], 1);
    for (int l = last - 1; l >= 1; l--) {
      f[l] = new double[n[l]];
      for (int j = 0; j < n[l]; j++) f[l][j] = w[net.kernelIndex(l + 1, j, child(l, j))] * f[l + 1][child(l, j)];
    }
    return f;
  }

  private void requireLength(double[] w) {
    if (w.length != net.size())
      throw new IllegalArgumentException("weights must have " + net.size() + " entries (the network's parameters), got " + w.length);
  }
}
