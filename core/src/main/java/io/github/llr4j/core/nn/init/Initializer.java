package io.github.llr4j.core.nn.init;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Builds the initial value of a float32 variable as a graph operand (run once, by the variable's
 * initialiser). Implementations use stateless random ops seeded with {@code seed}, so the values
 * are a pure function of (shape, fans, seed).
 */
@FunctionalInterface
public interface Initializer {

  /**
   * @param tf where to build the ops
   * @param shape the variable's shape
   * @param fans fan-in and fan-out (see {@link Fans}); ignored by constant initialisers
   * @param seed the seed of this variable (derive it per layer with {@link Seeds})
   */
  Operand<TFloat32> initialValue(Ops tf, Shape shape, Fans fans, long seed);
}
