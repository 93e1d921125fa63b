package io.github.llr4j.nlp.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Puts pretrained values into a built {@link TransformerModel}'s variables, in its live session
 * (after the initialisers, before training): from a checkpoint another run wrote (variables
 * matched by name, e.g. an MLM pretraining run into a classifier) or from host arrays (an imported
 * Hugging Face model). Adds a few ops to the model's graph; call it once.
 */
public final class EncoderWeights {
  private EncoderWeights() {}

  /**
   * Copies the variables of {@code model} whose relative name ({@link TransformerModel#weights})
   * passes {@code include} from the TF checkpoint {@code checkpointDir/ckpt}, where they were saved
   * under the same names (both runs built the model in the same scope). Returns the names copied.
   *
   * @throws IllegalArgumentException when the checkpoint lacks a variable or a shape differs
   */
  public static List<String> restore(Ops tf, Session session, TransformerModel model, Path checkpointDir,
      Predicate<String> include) {
    Path prefix = checkpointDir.resolve("ckpt");
    if (!Files.isRegularFile(checkpointDir.resolve("ckpt.index")))
      throw new IllegalArgumentException("checkpoint folder must contain ckpt.index, got " + checkpointDir);
    List<String> names = new ArrayList<>();
    List<Variable<TFloat32>> vars = new ArrayList<>();
    for (Map.Entry<String, Variable<TFloat32>> e : model.weights().entrySet()) {
      if (include.test(e.getKey())) {
        names.add(e.getKey());
        vars.add(e.getValue());
      }
    }
    if (names.isEmpty()) throw new IllegalArgumentException("include must select at least one variable, got none");
    Ops s = tf.withSubScope("restore_pretrained");
    String[] full = names.stream().map(n -> model.variablePrefix() + n).toArray(String[]::new);
    String[] slices = new String[full.length];
    java.util.Arrays.fill(slices, "");
    List<Class<? extends TType>> types = new ArrayList<>();
    for (int i = 0; i < full.length; i++) types.add(TFloat32.class);
    Restore r = s.train.restore(s.constant(prefix.toAbsolutePath().toString()), s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(full)),
        s.constant(org.tensorflow.ndarray.NdArrays.vectorOfObjects(slices)), types);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) r.tensors().get(i);
      assigns.add(s.assign(vars.get(i), value, org.tensorflow.op.core.Assign.validateShape(true)));
    }
    try {
      session.runner().addTarget(s.withControlDependencies(assigns).noOp()).run();
    } catch (IllegalArgumentException | org.tensorflow.exceptions.TensorFlowException e) {
      throw new IllegalArgumentException("checkpoint " + checkpointDir + " does not fit this encoder ("
          + firstLine(e.getMessage()) + "); pretrain with the size and --max-length you fine-tune with", e);
    }
    return names;
  }

  /**
   * Assigns host values (row major, shape checked against the variable) to the variables named by
   * the keys of {@code values} (relative names of {@link TransformerModel#weights}).
   */
  public static void assign(Ops tf, Session session, TransformerModel model, Map<String, float[]> values) {
    Ops s = tf.withSubScope("assign_pretrained");
    Session.Runner runner = session.runner();
    List<Tensor> open = new ArrayList<>();
    try {
      for (Map.Entry<String, float[]> e : values.entrySet()) {
        Variable<TFloat32> v = model.weights().get(e.getKey());
        if (v == null) throw new IllegalArgumentException("weight name must be one of the model's, got " + e.getKey());
        Shape shape = v.shape();
        if (shape.size() != e.getValue().length)
          throw new IllegalArgumentException("weight " + e.getKey() + " must have " + shape.size() + " values "
              + shape + ", got " + e.getValue().length);
        Placeholder<TFloat32> p = s.placeholder(TFloat32.class, Placeholder.shape(shape));
        TFloat32 t = TFloat32.tensorOf(shape, DataBuffers.of(e.getValue(), true, false));
        open.add(t);
        runner.feed(p, t).addTarget(s.assign(v, p));
      }
      runner.run();
    } finally {
      open.forEach(Tensor::close);
    }
  }

  private static String firstLine(String m) {
    if (m == null) return "no message";
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
