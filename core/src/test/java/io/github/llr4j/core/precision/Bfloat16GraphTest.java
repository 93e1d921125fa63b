package io.github.llr4j.core.precision;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.core.loss.CrossEntropyLoss;
import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.models.SmallCnn;
import io.github.llr4j.core.reshape.Reshapers;
import io.github.llr4j.core.testing.TensorValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One graph (small CNN, cross-entropy, sech reshaping, gradients, SGD update), run by a float32
 * and a bfloat16 session from the same initial weights. bfloat16 must (1) really run: the logits
 * and gradients differ from float32 by more than 1e-4 relative, which float32 reordering never
 * reaches; (2) be right: logits within 1e-2 relative (measured 7e-3), every variable's gradient
 * within 0.25 (measured 5e-3 at the head to 0.13 at the first convolution: a float32 graph that
 * only rounds the convolutions' inputs, kernels and outputs to bfloat16 differs from float32 by
 * the same 0.13, 0.06, 0.09, 0.10 on the first four, because batch norm's backward pass subtracts
 * two batch means from the incoming gradient and so amplifies rounding); (3) keep the right things in float32:
 * in the graph TensorFlow actually executed, every convolution and its gradients run in bfloat16
 * while the variables, the update, the batch-norm statistics, the cross-entropy and every
 * reshaping op (forward and gradient) are float32. An implementation that silently stayed in
 * float32 fails (1) and the op-type check; one that cast the loss or the reshaping to bfloat16
 * fails (3).
 */
class Bfloat16GraphTest {
  private static final int BATCH = 32;

  @BeforeAll
  static void nativeBfloat16() {
    Assumptions.assumeTrue(CpuFeatures.current().nativeBf16(), "CPU without AVX512-BF16 / AMX-BF16");
  }

  /** The graph, built once for both sessions. */
  private record Step(Placeholder<TFloat32> x, Placeholder<TInt32> y, Operand<TFloat32> logits,
      Operand<TFloat32> loss, Operand<TFloat32> reshaped, List<Operand<TFloat32>> grads, Op update) {}

  private static Step build(Ops tf) {
    Model model = new SmallCnn(8, 8, 2, 8, 16, 3).build(tf.withSubScope("model"), 7);
    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(BATCH, 8, 8, 2)));
    Placeholder<TInt32> y = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(BATCH)));
    ModelContext ctx = ModelContext.training(tf, 1);
    Operand<TFloat32> logits = model.logits(ctx, x);
    Operand<TFloat32> loss = new CrossEntropyLoss(3).meanLoss(tf, logits, y);
    Operand<TFloat32> reshaped = Reshapers.sech(2.5, 0.15).apply(tf.withSubScope("reshape"), loss);
    List<Variable<TFloat32>> vars = model.trainableVariables();
    var g = tf.gradients(reshaped, vars);
    List<Operand<TFloat32>> grads = new ArrayList<>();
    List<Op> updates = new ArrayList<>(ctx.updates());
    for (int i = 0; i < vars.size(); i++) {
      grads.add(g.dy(i));
      updates.add(tf.train.applyGradientDescent(vars.get(i), tf.constant(0.1f), g.dy(i)));
    }
    // fetched nodes keep their type, so the logits are fetched through an identity
    return new Step(x, y, tf.identity(logits), loss, reshaped, grads, tf.withControlDependencies(updates).noOp());
  }

  /** logits, loss, reshaped loss, then every gradient; and the executed graph of the update. */
  private static List<float[]> run(Session s, Step step, TFloat32 x, TInt32 y, List<GraphDef> executed) {
    Session.Runner r = s.runner().feed(step.x(), x).feed(step.y(), y)
        .fetch(step.logits()).fetch(step.loss()).fetch(step.reshaped());
    step.grads().forEach(r::fetch);
    List<float[]> out = new ArrayList<>();
    try (Result res = r.run()) {
      for (int i = 0; i < res.size(); i++) out.add(TensorValues.toArray((TFloat32) res.get(i)));
    }
    try (Result res = s.runner().feed(step.x(), x).feed(step.y(), y).addTarget(step.update())
        .setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build()).runAndFetchMetadata()) {
      executed.addAll(res.getMetadata().orElseThrow().getPartitionGraphsList());
    }
    return out;
  }

  @Test
  void bfloat16ComputesConvolutionsInBfloat16AndKeepsWeightsLossAndReshapingInFloat32() {
    Random rnd = new Random(3);
    float[] px = new float[BATCH * 8 * 8 * 2];
    for (int i = 0; i < px.length; i++) px[i] = rnd.nextFloat();
    int[] labels = new int[BATCH];
    for (int i = 0; i < BATCH; i++) labels[i] = i % 3;
    try (Graph g = new Graph(); Session fp32 = Precision.FP32.openSession(g);
        Session bf16 = Precision.BF16.openSession(g);
        TFloat32 x = TensorValues.tensor(Shape.of(BATCH, 8, 8, 2), px); TInt32 y = TInt32.vectorOf(labels)) {
      Step step = build(Ops.create(g));
      fp32.initialize();
      bf16.initialize();
      List<GraphDef> ran32 = new ArrayList<>();
      List<GraphDef> ran16 = new ArrayList<>();
      List<float[]> a = run(fp32, step, x, y, ran32);
      List<float[]> b = run(bf16, step, x, y, ran16);

      assertThat(relative(b.get(0), a.get(0))).as("logits").isBetween(1e-4, 1e-2);
      assertThat(relative(b.get(1), a.get(1))).as("loss").isLessThan(1e-2);
      assertThat(relative(b.get(2), a.get(2))).as("reshaped loss").isLessThan(1e-2);
      double worst = 0, best = 1;
      for (int i = 3; i < a.size(); i++) {
        double e = relative(b.get(i), a.get(i));
        worst = Math.max(worst, e);
        best = Math.min(best, e);
      }
      assertThat(worst).as("largest relative gradient difference").isLessThan(0.25);
      assertThat(best).as("smallest relative gradient difference").isGreaterThan(1e-4);

      assertThat(types(ran32, "Conv2D")).as("float32 session").isNotEmpty().containsOnly(DataType.DT_FLOAT);
      assertThat(types(ran16, "Conv2D")).as("convolutions and their gradients")
          .hasSize(5).containsOnly(DataType.DT_BFLOAT16); // 2 forward, 2 kernel and 1 input gradient
      assertThat(types(ran16, "MatMul")).as("dense head").isNotEmpty().containsOnly(DataType.DT_BFLOAT16);
      assertThat(attr(ran16, "FusedBatchNorm", "U")).as("batch-norm statistics").isNotEmpty()
          .containsOnly(DataType.DT_FLOAT);
      assertThat(types(ran16, "SoftmaxCrossEntropyWithLogits")).containsExactly(DataType.DT_FLOAT);
      assertThat(types(ran16, "ApplyGradientDescent")).as("updates").hasSize(step.grads().size())
          .containsOnly(DataType.DT_FLOAT);
      assertThat(attr(ran16, "VariableV2", "dtype")).as("variables").isNotEmpty().containsOnly(DataType.DT_FLOAT);
      List<DataType> reshaping = new ArrayList<>();
      for (GraphDef gd : ran16)
        for (NodeDef n : gd.getNodeList())
          if (n.getName().contains("reshape/") && n.getAttrMap().containsKey("T"))
            reshaping.add(n.getAttrMap().get("T").getType());
      assertThat(reshaping).as("reshaping ops, forward and gradient").hasSizeGreaterThan(5)
          .containsOnly(DataType.DT_FLOAT);
    }
  }

  /** The {@code T} attribute of every executed node whose op name contains {@code op}. */
  private static List<DataType> types(List<GraphDef> graphs, String op) {
    return attr(graphs, op, "T");
  }

  private static List<DataType> attr(List<GraphDef> graphs, String op, String name) {
    List<DataType> out = new ArrayList<>();
    for (GraphDef gd : graphs)
      for (NodeDef n : gd.getNodeList()) {
        AttrValue v = n.getAttrMap().get(name);
        if (n.getOp().contains(op) && v != null) out.add(v.getType());
      }
    return out;
  }

  /** ||a - b|| / ||b||. */
  private static double relative(float[] a, float[] b) {
    double d = 0, n = 0;
    for (int i = 0; i < b.length; i++) {
      d += (a[i] - (double) b[i]) * (a[i] - (double) b[i]);
      n += (double) b[i] * b[i];
    }
    return Math.sqrt(d / n);
  }
}
