package io.github.llr4j.vision.models;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Operand;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A built vision model (package-private): the variables collected in build order, and a body
 * applied to the normalised input under the model's name scope.
 */
final class VisionModel implements Model {
  private final String scope;
  private final ImageInput input;
  private final List<Variable<TFloat32>> trainable;
  private final List<Variable<TFloat32>> state;
  private final BiFunction<ModelContext, Operand<TFloat32>, Operand<TFloat32>> body;

  VisionModel(String scope, ImageInput input, VariableSet variables,
      BiFunction<ModelContext, Operand<TFloat32>, Operand<TFloat32>> body) {
    this.scope = scope;
    this.input = input;
    this.trainable = variables.trainable();
    this.state = variables.state();
    this.body = body;
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return trainable;
  }

  @Override
  public List<Variable<TFloat32>> stateVariables() {
    return state;
  }

  @Override
  public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> pixels) {
    return Blocks.scoped(ctx, scope, c -> body.apply(c, input.normalise(c.tf(), pixels)));
  }
}
