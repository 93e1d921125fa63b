package io.github.llr4j.core.nn.layers;

import io.github.llr4j.core.check.Require;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.Params;
import io.github.llr4j.core.nn.init.Fans;
import io.github.llr4j.core.nn.init.Initializer;
import io.github.llr4j.core.nn.init.Initializers;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Fully connected layer y = x W + b: x {@code [batch, in]}, W {@code [in, out]}, b {@code [out]},
 * y {@code [batch, out]}. W is PyTorch's {@code Linear.weight} transposed.
 */
public final class Dense implements Layer {
  private final String name;
  private final Variable<TFloat32> kernel;
  private final Variable<TFloat32> bias;

  /** With PyTorch's default Linear initialisation and a bias. */
  public Dense(Ops tf, String name, int in, int out, long seed) {
    this(tf, name, in, out, true, Initializers.pytorchDefault(), Initializers.pytorchDefault(), seed);
  }

  /** {@code biasInit} is ignored without a bias; it receives the kernel's fans. */
  public Dense(Ops tf, String name, int in, int out, boolean useBias,
      Initializer kernelInit, Initializer biasInit, long seed) {
    this.name = LayerVariables.requireName(name);
    Require.positive("in", in);
    Require.positive("out", out);
    Ops s = tf.withSubScope(name);
    Shape kShape = Shape.of(in, out);
    Fans fans = Fans.of(kShape);
    kernel = LayerVariables.create(s, "kernel", kShape, fans, kernelInit, seed);
    bias = useBias ? LayerVariables.create(s, "bias", Shape.of(out), fans, biasInit, seed) : null;
  }

  public Operand<TFloat32> apply(ModelContext ctx, Operand<TFloat32> x) {
    Ops tf = ctx.tf().withSubScope(name);
    Operand<TFloat32> y = tf.linalg.matMul(x, Params.read(tf, kernel));
    return bias == null ? y : tf.nn.biasAdd(y, Params.read(tf, bias));
  }

  public Variable<TFloat32> kernel() {
    return kernel;
  }

  @Override
  public List<Variable<TFloat32>> trainableVariables() {
    return bias == null ? List.of(kernel) : List.of(kernel, bias);
  }
}
