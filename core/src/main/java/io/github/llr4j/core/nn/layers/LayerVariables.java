package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Seeds;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Creates a layer's named variables with their initialisers (package-private helper). */
final class LayerVariables {
  private LayerVariables() {}

  /** Variable {@code name} under {@code scope}, its seed derived from the layer seed and name. */
  static Variable<TFloat32> create(
      Ops scope, String name, Shape shape, Fans fans, Initializer init, long layerSeed) {
    Ops named = scope.withSubScope(name + "_init");
    return scope.withName(name)
        .variable(init.initialValue(named, shape, fans, Seeds.derive(layerSeed, name)));
  }

  static String requireName(String name) {
    if (name == null || name.isEmpty() || name.contains("/")) {
      throw new IllegalArgumentException(
          "name must be non-empty and contain no '/', got \"" + name + "\"");
    }
    return name;
  }

  static int requirePositive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }
}
