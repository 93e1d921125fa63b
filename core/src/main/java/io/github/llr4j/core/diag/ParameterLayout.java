package io.github.llr4j.core.diag;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * How a model's trainable variables map onto one flat host vector: variable {@code i} occupies
 * {@code [offset(i), offset(i) + shape(i).size())} in row-major order. Every diagnostic works on
 * such flat float64 vectors (weights, gradients, directions).
 *
 * @param names variable op names, e.g. {@code model/resnet20/conv0/kernel}
 * @param shapes variable shapes
 * @param offsets start of each variable in the flat vector
 * @param size total number of scalars
 */
public record ParameterLayout(List<String> names, List<Shape> shapes, long[] offsets, int size) {

  public ParameterLayout {
    names = List.copyOf(names);
    shapes = List.copyOf(shapes);
    offsets = offsets.clone();
  }

  /** The layout of {@code variables}, in their order. */
  public static ParameterLayout of(List<Variable<TFloat32>> variables) {
    if (variables == null || variables.isEmpty())
      throw new IllegalArgumentException("variables must not be empty, got " + variables);
    List<String> names = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    long[] offsets = new long[variables.size()];
    long total = 0;
    for (int i = 0; i < variables.size(); i++) {
      Variable<TFloat32> v = variables.get(i);
      if (v.shape().hasUnknownDimension())
        throw new IllegalArgumentException("variable '" + v.op().name() + "' must have a known shape, got " + v.shape());
      names.add(v.op().name());
      shapes.add(v.shape());
      offsets[i] = total;
      total += v.shape().size();
    }
    if (total > Integer.MAX_VALUE)
      throw new IllegalArgumentException("model must have < 2^31 parameters for host-side diagnostics, got " + total);
    return new ParameterLayout(names, shapes, offsets, (int) total);
  }

  public int count() {
    return names.size();
  }

  public int offset(int variable) {
    return (int) offsets[variable];
  }

  public int length(int variable) {
    return (int) shapes.get(variable).size();
  }

  /** A mask selecting the coordinates of the given variables (a variable group). */
  public boolean[] mask(List<Integer> variables) {
    boolean[] m = new boolean[size];
    for (int i : variables) {
      if (i < 0 || i >= count())
        throw new IllegalArgumentException("variable index must be in [0, " + count() + "), got " + i);
      java.util.Arrays.fill(m, offset(i), offset(i) + length(i), true);
    }
    return m;
  }

  /**
   * Variables grouped per layer: the name without its last path element ({@code .../conv0/kernel}
   * and {@code .../conv0/bias} form the group {@code .../conv0}), in first-appearance order.
   */
  public Map<String, List<Integer>> layerGroups() {
    Map<String, List<Integer>> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      int slash = n.lastIndexOf('/');
      out.computeIfAbsent(slash < 0 ? n : n.substring(0, slash), k -> new ArrayList<>()).add(i);
    }
    out.replaceAll((k, v) -> Collections.unmodifiableList(v));
    return Collections.unmodifiableMap(out);
  }
}
