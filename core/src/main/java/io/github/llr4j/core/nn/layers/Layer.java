package io.github.llr4j.core.nn.layers;

import java.util.List;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Something that owns variables: trainable parameters and non-trained state, each in order. */
public interface Layer {

  List<Variable<TFloat32>> trainableVariables();

  /** Non-trained state that a checkpoint must keep (batch-norm moving statistics). */
  default List<Variable<TFloat32>> stateVariables() {
    return List.of();
  }
}
