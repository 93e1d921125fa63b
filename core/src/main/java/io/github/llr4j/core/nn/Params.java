package io.github.llr4j.core.nn;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.family.TType;

/** The one way layers read their variables. */
public final class Params {
  private Params() {}

  /**
   * The variable's value through an {@code Identity} op. Why: in TF-Java 1.0.0 differentiating
   * some ops (for example {@code Square}) applied directly to a variable's ref output crashes the
   * JVM; an identity in between gives the gradient machinery a plain tensor.
   */
  public static <T extends TType> Operand<T> read(Ops tf, Variable<T> variable) {
    return tf.identity(variable);
  }
}
