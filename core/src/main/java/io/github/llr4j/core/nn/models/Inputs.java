package io.github.llr4j.core.nn.models;

import io.github.llr4j.core.check.Require;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/** Input checks shared by the model specs (package-private). */
final class Inputs {
  private Inputs() {}

  @SuppressWarnings("unchecked")
  static Operand<TFloat32> float32(Ops tf, Operand<? extends TType> input) {
    Require.that(input.type() == TFloat32.class, "input", "be float32",
        input.type().getSimpleName());
    return (Operand<TFloat32>) input;
  }
}
