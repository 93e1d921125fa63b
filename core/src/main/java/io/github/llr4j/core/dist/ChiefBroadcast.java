package io.github.llr4j.core.dist;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Makes every worker start from the chief's state: every variable of the graph (weights, optimizer
 * slots and step counters, batch-norm statistics) and a vector of run state (epoch, step, L0, ...)
 * are sent from rank 0 to all workers over the collective, so a resumed cluster needs rank 0's run
 * folder only, on rank 0's machine (no shared file system).
 *
 * <p>It is a broadcast built from the all-reduce the training step already uses: rank 0 contributes
 * its values, every other worker zeros, and x + 0 + ... + 0 is x exactly in floating point. The
 * state is one small float64 collective of its own ({@link #state}); the variables ({@link
 * #variables}) are one collective of the float32 ones and one float64 collective of every integer
 * or float64 one (exact for integers below 2^53). Variables are taken in name order, so the layout
 * is the same on every worker whatever order the graph lists them in.
 */
public final class ChiefBroadcast {
  private final Placeholder<TFloat64> stateIn;
  private final Operand<TFloat64> stateOut;
  private final Op assignAll;
  private final int stateLength;

  private ChiefBroadcast(Placeholder<TFloat64> stateIn, Operand<TFloat64> stateOut, Op assignAll, int stateLength) {
    this.stateIn = stateIn;
    this.stateOut = stateOut;
    this.assignAll = assignAll;
    this.stateLength = stateLength;
  }

  static ChiefBroadcast build(Ops tf, Graph graph, Collectives collectives, boolean chief, int stateLength) {
    Require.that(stateLength >= 1, "state length", "be >= 1", stateLength);
    Ops s = tf.withSubScope("replica").withSubScope("broadcast");
    List<GraphOperation> floats = new ArrayList<>();
    List<GraphOperation> others = new ArrayList<>();
    for (GraphOperation v : variables(graph)) {
      DataType t = v.attributes().getAttrType("dtype");
      if (t == DataType.DT_FLOAT) floats.add(v);
      else if (t == DataType.DT_DOUBLE || t == DataType.DT_INT64 || t == DataType.DT_INT32) others.add(v);
      else throw new IllegalStateException("variable " + v.name() + " has dtype " + t
          + ", which the start-of-run broadcast does not carry (float32, float64, int32, int64)");
    }
    List<Operation> assigns = new ArrayList<>();
    if (!floats.isEmpty()) {
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (int i = 0; i < floats.size(); i++) parts.add(flatRead(s, floats.get(i), "f" + i, TFloat32.class));
      Operand<TFloat32> sent = chief ? concat(s, parts) : zeros(s, total(floats), TFloat32.class);
      assignParts(s, collectives.sumOnce(s.withSubScope("float32"), sent), floats, 0, "f", assigns);
    }
    if (!others.isEmpty()) {
      List<Operand<TFloat64>> parts = new ArrayList<>();
      for (int i = 0; i < others.size(); i++) parts.add(flatRead(s, others.get(i), "d" + i, TFloat64.class));
      Operand<TFloat64> sent = chief ? concat(s, parts) : zeros(s, total(others), TFloat64.class);
      assignParts(s, collectives.sumOnce(s.withSubScope("float64"), sent), others, 0, "d", assigns);
    }
    Op all = s.withControlDependencyOps(assigns).withName("assign_all").noOp();
    Placeholder<TFloat64> stateIn = s.withName("state").placeholder(TFloat64.class,
        Placeholder.shape(Shape.of(stateLength)));
    Operand<TFloat64> stateOut = collectives.sumOnce(s.withSubScope("state"), stateIn);
    return new ChiefBroadcast(stateIn, stateOut, all, stateLength);
  }

  /**
   * The chief's {@code state} on every worker (the other workers pass null). Every worker calls it
   * once; what it returns tells all of them the same thing, e.g. whether to call {@link #variables}.
   */
  public double[] state(Session session, double[] state) {
    double[] sent = state == null ? new double[stateLength] : state;
    Require.that(sent.length == stateLength, "state length", "be " + stateLength, sent.length);
    try (TFloat64 in = TFloat64.vectorOf(sent);
        Result r = session.runner().feed(stateIn, in).fetch(stateOut).run()) {
      double[] out = new double[stateLength];
      ((TFloat64) r.get(0)).copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /**
   * Every variable takes the chief's value. All workers or none must call it (a collective): a
   * fresh run can skip it, since the same seed gives every worker the same initial values, which
   * spares a large model a transfer of all its weights and optimizer state at the start.
   */
  public void variables(Session session) {
    session.runner().addTarget(assignAll).run().close();
  }

  /** The graph's VariableV2 ops by name (the library's variables; resource variables are refused). */
  private static List<GraphOperation> variables(Graph graph) {
    List<GraphOperation> out = new ArrayList<>();
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
      GraphOperation op = it.next();
      if (op.type().equals("VariableV2")) out.add(op);
      else if (op.type().equals("VarHandleOp"))
        throw new IllegalStateException("resource variable " + op.name() + " cannot be broadcast to the workers"
            + " (the library's variables are VariableV2)");
    }
    out.sort(Comparator.comparing(GraphOperation::name));
    return out;
  }

  private static long size(GraphOperation v) {
    Shape shape = v.attributes().getAttrShape("shape");
    Require.that(!shape.hasUnknownDimension(), "shape of variable " + v.name(), "be static to be broadcast", shape);
    return shape.size();
  }

  private static long total(List<GraphOperation> vars) {
    long n = 0;
    for (GraphOperation v : vars) n += size(v);
    return n;
  }

  /** ConcatV2 takes two or more inputs. */
  private static <T extends TType> Operand<T> concat(Ops s, List<Operand<T>> parts) {
    return parts.size() == 1 ? parts.get(0) : s.concat(parts, s.constant(0));
  }

  private static <T extends TType> Operand<T> zeros(Ops s, long n, Class<T> type) {
    return s.zeros(s.constant(new long[] {n}), type);
  }

  /** The variable's value as a vector of {@code type} (an Identity of its ref output, then a cast if needed). */
  private static <T extends TType> Operand<T> flatRead(Ops s, GraphOperation v, String tag, Class<T> type) {
    Output<?> value = s.scope().opBuilder("Identity", "read_" + tag).addInput(v.output(0)).build().output(0);
    Operand<?> flat = s.reshape(value, s.constant(new long[] {size(v)}));
    return typeOf(v) == type ? flat.asOutput().expect(type) : s.dtypes.cast(flat, type);
  }

  private static Class<? extends TType> typeOf(GraphOperation v) {
    DataType t = v.attributes().getAttrType("dtype");
    return switch (t) {
      case DT_FLOAT -> TFloat32.class;
      case DT_DOUBLE -> TFloat64.class;
      case DT_INT64 -> TInt64.class;
      case DT_INT32 -> TInt32.class;
      default -> throw new IllegalStateException("unexpected dtype " + t + " of " + v.name());
    };
  }

  /** Assigns consecutive slices of {@code summed}, from {@code offset}, to {@code vars} (cast back to their dtype). */
  private static void assignParts(Ops s, Operand<? extends TType> summed, List<GraphOperation> vars, long offset,
      String tag, List<Operation> assigns) {
    long at = offset;
    for (int i = 0; i < vars.size(); i++) {
      GraphOperation v = vars.get(i);
      long n = size(v);
      Operand<?> part = s.reshape(s.slice(summed, s.constant(new long[] {at}), s.constant(new long[] {n})),
          s.constant(v.attributes().getAttrShape("shape").asArray()));
      Class<? extends TType> type = typeOf(v);
      Operand<?> value = part.asOutput().type() == type ? part : s.dtypes.cast(part, type);
      assigns.add(s.scope().opBuilder("Assign", "assign_" + tag + i).addInput(v.output(0)).addInput(value.asOutput())
          .setAttr("use_locking", true).setAttr("validate_shape", true).build());
      at += n;
    }
  }
}
