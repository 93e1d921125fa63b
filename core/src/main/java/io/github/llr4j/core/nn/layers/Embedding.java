package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializer;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Embedding lookup: table {@code [vocab, dim]}, integer ids of any shape S, output {@code [...S,
 * dim]} through GatherV2 (axis 0), which has a gradient in TF-Java 1.0.0. Out-of-range ids fail at
 * run time on CPU (TF's gather check). Initialiser given by the caller (BERT: truncated normal
 * 0.02; PyTorch: N(0, 1)).
 */
public final class Embedding implements Layer {
  private final String name;
  private final Variable<TFloat32> table;

  public Embedding(Ops tf, String name, int vocab, int dim, Initializer init, long seed) {
    this.name = LayerVariables.requireName(name);
    Require.positive("vocab", vocab);
    Require.positive("dim", dim);
    Shape shape = Shape.of(vocab, dim);
    table = LayerVariables.create(tf.withSubScope(name), "table", shape, Fans.of(shape), init, seed);
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<? extends TNumber> ids) {
    Ops tf = ctx.tf().withSubScope(name);
    return tf.gather(Params.read(tf, table), ids, tf.constant(0));
  }

  public Variable<TFloat32> table() {
    return table;
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return List.of(table);
  }
}
