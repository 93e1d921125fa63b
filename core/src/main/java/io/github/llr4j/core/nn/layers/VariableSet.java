package io.github.llr4j.core.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Collects the variables of a model's layers in the order the layers are added, so that the
 * optimizer state and checkpoints follow a fixed order.
 */
public final class VariableSet {
  private final List<Variable<TFloat32>> trainable = new ArrayList<>();
  private final List<Variable<TFloat32>> state = new ArrayList<>();

  /** Adds the layer's variables and returns the layer, for {@code var d = vs.add(new Dense(..))}. */
  public <L extends Layer> L add(L layer) {
    trainable.addAll(layer.trainableVariables());
    state.addAll(layer.stateVariables());
    return layer;
  }

  public List<Variable<TFloat32>> trainable() {
    return List.copyOf(trainable);
  }

  public List<Variable<TFloat32>> state() {
    return List.copyOf(state);
  }
}
