package io.github.llr4j.core.nn.models;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ScaleInvariantChain;
import io.github.llr4j.core.nn.init.Seeds;
import io.github.llr4j.core.nn.layers.Activations;
import io.github.llr4j.core.nn.layers.BatchNorm;
import io.github.llr4j.core.nn.layers.Dense;
import io.github.llr4j.core.nn.layers.Dropout;
import io.github.llr4j.core.nn.layers.VariableSet;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Multi-layer perceptron: flatten the float32 input {@code [batch, ...]} to {@code [batch,
 * inputDim]}, then per hidden size h: Dense(h) [-> BatchNorm] -> ReLU [-> Dropout(dropout)]; then
 * Dense(classes). Dense layers use PyTorch's default init; with batch norm the hidden Dense layers
 * have no bias (it would be cancelled by the normalisation).
 *
 * <p>Parameters: sum over layers of in*out (+ out for a bias) plus 2*h per batch norm.
 */
public record Mlp(int inputDim, List<Integer> hidden, int classes, double dropout, boolean batchNorm)
    implements ScaleInvariantChain {

  public Mlp {
    Require.positive("inputDim", inputDim);
    Require.positive("classes", classes);
    hidden = List.copyOf(hidden);
    for (int h : hidden) {
      Require.that(h > 0, "hidden sizes", "be positive", hidden);
    }
    Require.fraction("dropout", dropout);
  }

  /** Without dropout and batch norm. */
  public static Mlp of(int inputDim, List<Integer> hidden, int classes) {
    return new Mlp(inputDim, hidden, classes, 0, false);
  }

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public Model build(Ops tf, long seed) {
    Ops s = tf.withSubScope(name());
    VariableSet vs = new VariableSet();
    List<Dense> dense = new ArrayList<>();
    List<BatchNorm> norms = new ArrayList<>();
    List<Dropout> drops = new ArrayList<>();
    int in = inputDim;
    for (int i = 0; i < hidden.size(); i++) {
      int h = hidden.get(i);
      String n = "dense" + i;
      dense.add(vs.add(new Dense(s, n, in, h, !batchNorm,
          io.github.llr4j.core.nn.init.Initializers.pytorchDefault(),
          io.github.llr4j.core.nn.init.Initializers.pytorchDefault(), Seeds.derive(seed, n))));
      if (batchNorm) {
        norms.add(vs.add(new BatchNorm(s, "bn" + i, h)));
      }
      if (dropout > 0) {
        drops.add(new Dropout("dropout" + i, dropout, seed));
      }
      in = h;
    }
    Dense head = vs.add(new Dense(s, "head", in, classes, Seeds.derive(seed, "head")));
    return new Built(vs.trainable(), vs.state(), dense, norms, drops, head);
  }

  private final class Built implements Model {
    private final List<Variable<TFloat32>> trainable;
    private final List<Variable<TFloat32>> state;
    private final List<Dense> dense;
    private final List<BatchNorm> norms;
    private final List<Dropout> drops;
    private final Dense head;

    Built(List<Variable<TFloat32>> trainable, List<Variable<TFloat32>> state, List<Dense> dense,
        List<BatchNorm> norms, List<Dropout> drops, Dense head) {
      this.trainable = trainable;
      this.state = state;
      this.dense = dense;
      this.norms = norms;
      this.drops = drops;
      this.head = head;
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
    public Operand<TFloat32> logits(ModelContext ctx, Operand<? extends TType> input) {
      Ops tf = ctx.tf().withSubScope(name());
      Operand<TFloat32> x = tf.reshape(Inputs.float32(tf, input),
          tf.constant(new long[] {-1, inputDim}));
      ModelContext c = ctx;
      for (int i = 0; i < dense.size(); i++) {
        x = dense.get(i).apply(c, x);
        if (batchNorm) {
          x = norms.get(i).apply(c, x);
        }
        x = Activations.relu(tf, x);
        if (dropout > 0) {
          x = drops.get(i).apply(c, x);
        }
      }
      return head.apply(c, x);
    }
  }
}
