package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
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
    Require.that(name != null && !name.isEmpty() && !name.contains("/"), "name",
        "be non-empty and contain no '/'", "\"" + name + "\"");
    return name;
  }
}
