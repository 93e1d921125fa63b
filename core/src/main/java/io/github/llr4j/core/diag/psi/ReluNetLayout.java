package io.github.llr4j.core.diag.psi;

import java.util.Arrays;

/**
 * The layered graph of a plain ReLU network and where its weights sit in a flat parameter vector:
 * layer widths n_0 .. n_L (units: an MLP's neurons, a CNN's channels) and, per weight layer l
 * (1-based), {@code taps(l)} parallel weights between each pair of units, stored as
 * {@code [taps, n_(l-1), n_l]} row-major: entry (t, i, j) at {@code kernelOffset + (t n_(l-1) + i)
 * n_l + j}, then an optional bias [n_l].
 *
 * <p>This one layout covers the three kinds of layer, because TF's row-major kernels already have
 * it: a Dense kernel {@code [in, out]} is one tap; a convolution kernel {@code [kh, kw, in, out]}
 * has kh kw taps (each kernel position is its own weight between input channel i and output
 * channel j); a Dense layer after flattening an NHWC map of P = h w positions and C channels has
 * kernel {@code [P C, out]} with feature {@code p C + c}, i.e. P taps between channel c and output
 * j. Rescaling a unit of layer l multiplies all its incoming taps (and its bias) and divides all its
 * outgoing taps, whatever their number.
 *
 * @param widths n_0 .. n_L, L >= 1
 * @param taps parallel weights per unit pair of layer l (index l - 1), >= 1
 * @param biases whether layer l (index l - 1) has a bias
 * @param kernelOffsets offset of kernel l (index l - 1)
 * @param biasOffsets offset of bias l (index l - 1), -1 without
 * @param size parameters in all
 */
public record ReluNetLayout(int[] widths, int[] taps, boolean[] biases, int[] kernelOffsets, int[] biasOffsets, int size) {

  static final int KERNEL = 0;
  static final int BIAS = 1;

  public ReluNetLayout {
    widths = widths.clone();
    taps = taps.clone();
    biases = biases.clone();
    kernelOffsets = kernelOffsets.clone();
    biasOffsets = biasOffsets.clone();
  }

  /** An MLP (one tap per layer), blocks kernel 1 [, bias 1], kernel 2 [, bias 2], ... */
  public static ReluNetLayout of(int[] widths, boolean[] biases) {
    int[] ones = new int[widths == null ? 0 : Math.max(0, widths.length - 1)];
    Arrays.fill(ones, 1);
    return of(widths, ones, biases); // which checks widths and biases
  }

  /** Consecutive blocks: kernel 1 [taps, n_0, n_1] [, bias 1], kernel 2 [, bias 2], ... */
  public static ReluNetLayout of(int[] widths, int[] taps, boolean[] biases) {
    if (widths == null || widths.length < 2)
      throw new IllegalArgumentException("widths must list the input and output widths at least, got "
          + (widths == null ? null : Arrays.toString(widths)));
    for (int n : widths) if (n < 1) throw new IllegalArgumentException("widths must be positive, got " + Arrays.toString(widths));
    int layers = widths.length - 1;
    if (biases.length != layers)
      throw new IllegalArgumentException("biases must have one flag per weight layer (" + layers + "), got " + biases.length);
    if (taps.length != layers)
      throw new IllegalArgumentException("taps must have one count per weight layer (" + layers + "), got " + taps.length);
    for (int t : taps) if (t < 1) throw new IllegalArgumentException("taps must be positive, got " + Arrays.toString(taps));
    int[] k = new int[layers], b = new int[layers];
    long at = 0;
    for (int l = 1; l <= layers; l++) {
      k[l - 1] = (int) at;
      at += (long) taps[l - 1] * widths[l - 1] * widths[l];
      b[l - 1] = biases[l - 1] ? (int) at : -1;
      if (biases[l - 1]) at += widths[l];
      if (at > Integer.MAX_VALUE) throw new IllegalArgumentException("a network with < 2^31 parameters is needed, got more");
    }
    return new ReluNetLayout(widths, taps, biases, k, b, (int) at);
  }

  /** Weight layers L. */
  public int layers() {
    return widths.length - 1;
  }

  public boolean hasBias(int layer) {
    return biases[layer - 1];
  }

  /** Parallel weights per unit pair of layer l (1-based). */
  public int taps(int layer) {
    return taps[layer - 1];
  }

  /** Flat index of tap 0 of the weights from unit i to unit j of layer l (1-based). */
  public int kernelIndex(int l, int i, int j) {
    return kernelOffsets[l - 1] + i * widths[l] + j;
  }

  /** Flat index of tap t of the weights from unit i to unit j of layer l (1-based). */
  public int kernelIndex(int l, int t, int i, int j) {
    return kernelOffsets[l - 1] + (t * widths[l - 1] + i) * widths[l] + j;
  }

  /** Flat index of bias j of layer l (1-based). */
  public int biasIndex(int l, int j) {
    return biasOffsets[l - 1] + j;
  }

  /** {KERNEL, l, i, j} or {BIAS, l, -1, j} for flat index p (the tap does not matter to a path's ends). */
  int[] locate(int p) {
    for (int l = 1; l <= layers(); l++) {
      int k = kernelOffsets[l - 1], pair = widths[l - 1] * widths[l], len = taps[l - 1] * pair;
      if (p >= k && p < k + len) {
        int r = (p - k) % pair;
        return new int[] {KERNEL, l, r / widths[l], r % widths[l]};
      }
      int b = biasOffsets[l - 1];
      if (b >= 0 && p >= b && p < b + widths[l]) return new int[] {BIAS, l, -1, p - b};
    }
    throw new IllegalArgumentException("parameter index must be in [0, " + size + "), got " + p);
  }
}
