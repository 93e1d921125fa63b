package io.github.llr4j.core.diag.psi;

import io.github.llr4j.core.diag.ParameterLayout;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ndarray.Shape;

/**
 * Where the kernels and biases of an MLP sit in the flat parameter vector of the diagnostics:
 * layer widths n_0 .. n_L, kernel l (1-based) of shape [n_(l-1), n_l] stored row-major (TF's
 * {@code [in, out]} Dense layout: entry (i, j) at {@code kernelOffset + i n_l + j}), and an
 * optional bias [n_l] per layer.
 *
 * @param widths n_0 .. n_L, L >= 1
 * @param biases whether layer l (index l - 1) has a bias
 * @param kernelOffsets offset of kernel l (index l - 1)
 * @param biasOffsets offset of bias l (index l - 1), -1 without
 * @param size parameters in all
 */
public record ReluMlpLayout(int[] widths, boolean[] biases, int[] kernelOffsets, int[] biasOffsets, int size) {

  static final int KERNEL = 0;
  static final int BIAS = 1;

  public ReluMlpLayout {
    widths = widths.clone();
    biases = biases.clone();
    kernelOffsets = kernelOffsets.clone();
    biasOffsets = biasOffsets.clone();
  }

  /** Consecutive blocks: kernel 1 [, bias 1], kernel 2 [, bias 2], ... */
  public static ReluMlpLayout of(int[] widths, boolean[] biases) {
    if (widths == null || widths.length < 2)
      throw new IllegalArgumentException("widths must list the input and output widths at least, got "
          + (widths == null ? null : java.util.Arrays.toString(widths)));
    for (int n : widths) if (n < 1) throw new IllegalArgumentException("widths must be positive, got " + java.util.Arrays.toString(widths));
    if (biases.length != widths.length - 1)
      throw new IllegalArgumentException("biases must have one flag per weight layer (" + (widths.length - 1) + "), got " + biases.length);
    int layers = widths.length - 1;
    int[] k = new int[layers], b = new int[layers];
    long at = 0;
    for (int l = 1; l <= layers; l++) {
      k[l - 1] = (int) at;
      at += (long) widths[l - 1] * widths[l];
      b[l - 1] = biases[l - 1] ? (int) at : -1;
      if (biases[l - 1]) at += widths[l];
      if (at > Integer.MAX_VALUE) throw new IllegalArgumentException("an MLP with < 2^31 parameters is needed, got more");
    }
    return new ReluMlpLayout(widths, biases, k, b, (int) at);
  }

  /**
   * The MLP whose trainable variables {@code layout} lists: 2-D kernels named {@code .../kernel},
   * each optionally followed by its 1-D {@code .../bias}, every kernel's input width equal to the
   * previous one's output width (core's {@code Mlp} without batch norm). Anything else is refused,
   * naming the variable: basis paths are defined for these networks only.
   */
  public static ReluMlpLayout of(ParameterLayout layout) {
    List<Integer> widths = new ArrayList<>();
    List<Boolean> biases = new ArrayList<>();
    List<Integer> k = new ArrayList<>(), b = new ArrayList<>();
    for (int v = 0; v < layout.count(); v++) {
      String name = layout.names().get(v);
      Shape s = layout.shapes().get(v);
      if (name.endsWith("kernel") && s.numDimensions() == 2) {
        int in = (int) s.get(0), out = (int) s.get(1);
        if (widths.isEmpty()) widths.add(in);
        else if (widths.get(widths.size() - 1) != in)
          throw refused(name, s, "its input width must be the previous layer's " + widths.get(widths.size() - 1));
        widths.add(out);
        k.add(layout.offset(v));
        biases.add(false);
        b.add(-1);
      } else if (name.endsWith("bias") && s.numDimensions() == 1 && !k.isEmpty() && !biases.get(biases.size() - 1)
          && s.get(0) == widths.get(widths.size() - 1)) {
        biases.set(biases.size() - 1, true);
        b.set(b.size() - 1, layout.offset(v));
      } else {
        throw refused(name, s, "expected a dense kernel [in, out] or the bias [out] after it");
      }
    }
    return new ReluMlpLayout(widths.stream().mapToInt(Integer::intValue).toArray(), toArray(biases),
        k.stream().mapToInt(Integer::intValue).toArray(), b.stream().mapToInt(Integer::intValue).toArray(), layout.size());
  }

  private static boolean[] toArray(List<Boolean> l) {
    boolean[] a = new boolean[l.size()];
    for (int i = 0; i < a.length; i++) a[i] = l.get(i);
    return a;
  }

  private static IllegalArgumentException refused(String name, Shape s, String why) {
    return new IllegalArgumentException("basis paths need a ReLU MLP (dense kernels and biases only, no batch norm or"
        + " convolutions); variable '" + name + "' of shape " + s + " does not fit: " + why);
  }

  /** Weight layers L. */
  public int layers() {
    return widths.length - 1;
  }

  public boolean hasBias(int layer) {
    return biases[layer - 1];
  }

  /** Flat index of kernel entry (i, j) of layer l (1-based). */
  public int kernelIndex(int l, int i, int j) {
    return kernelOffsets[l - 1] + i * widths[l] + j;
  }

  /** Flat index of bias j of layer l (1-based). */
  public int biasIndex(int l, int j) {
    return biasOffsets[l - 1] + j;
  }

  /** {KERNEL, l, i, j} or {BIAS, l, -1, j} for flat index p. */
  int[] locate(int p) {
    for (int l = 1; l <= layers(); l++) {
      int k = kernelOffsets[l - 1], len = widths[l - 1] * widths[l];
      if (p >= k && p < k + len) return new int[] {KERNEL, l, (p - k) / widths[l], (p - k) % widths[l]};
      int b = biasOffsets[l - 1];
      if (b >= 0 && p >= b && p < b + widths[l]) return new int[] {BIAS, l, -1, p - b};
    }
    throw new IllegalArgumentException("parameter index must be in [0, " + size + "), got " + p);
  }
}
