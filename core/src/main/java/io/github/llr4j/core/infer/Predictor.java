package io.github.llr4j.core.infer;

import io.github.llr4j.core.nn.Model;
import io.github.llr4j.core.nn.ModelContext;
import io.github.llr4j.core.nn.ModelSpec;
import io.github.llr4j.core.train.checkpoint.Checkpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * A model in inference mode with weights from a training run's checkpoint.
 *
 * <p>The model is built under the scope {@code model}, like the {@link io.github.llr4j.core.train.Trainer}
 * builds it, so variable names match the checkpoint; optimizer slots in the checkpoint are simply
 * not read. The SavedModel signature {@code serving_default} takes {@code inputs} ({@code [batch,
 * ...example]}, the training input's dtype and scale, e.g. pixels in [0, 1]) and returns
 * {@code logits} and {@code probabilities} ({@code [batch, classes]}).
 */
public final class Predictor implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final Placeholder<? extends TType> input;
  private final Operand<TFloat32> logits;
  private final Operand<TFloat32> probabilities;
  private final int classes;

  private Predictor(ModelSpec spec, Class<? extends TType> inputType, Shape exampleShape, Path checkpointDir) {
    graph = new Graph();
    boolean ok = false;
    try {
      Ops tf = Ops.create(graph);
      Model model = spec.build(tf.withSubScope("model"), 0);
      input = tf.withName("inputs").placeholder(inputType, Placeholder.shape(Shape.of(-1).append(exampleShape)));
      logits = tf.withName("logits").identity(model.logits(ModelContext.inference(tf), input));
      probabilities = tf.withName("probabilities").nn.softmax(logits);
      classes = spec.classes();
      session = new Session(graph);
      try {
        Checkpoints.restoreVariables(session, checkpointDir);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
      ok = true;
    } finally {
      if (!ok) graph.close();
    }
  }

  /**
   * Restores {@code runOrCheckpointDir} (a run folder with {@code checkpoint/}, or a checkpoint
   * folder itself) into {@code spec} built for examples of {@code exampleShape}.
   */
  public static Predictor fromCheckpoint(ModelSpec spec, Class<? extends TType> inputType, Shape exampleShape,
      Path runOrCheckpointDir) {
    if (spec == null) throw new IllegalArgumentException("spec must not be null");
    Path dir = Checkpoints.resolve(runOrCheckpointDir);
    return new Predictor(spec, inputType, exampleShape, dir);
  }

  public int classes() {
    return classes;
  }

  /** Class probabilities {@code [batch][classes]} of {@code inputs}. */
  public float[][] probabilities(Tensor inputs) {
    try (Result r = session.runner().feed(input, inputs).fetch(probabilities).run()) {
      TFloat32 p = (TFloat32) r.get(0);
      int n = (int) p.shape().get(0);
      float[][] out = new float[n][classes];
      for (int i = 0; i < n; i++) for (int k = 0; k < classes; k++) out[i][k] = p.getFloat(i, k);
      return out;
    }
  }

  /** Writes a SavedModel (tag {@code serve}, signature {@code serving_default}) to {@code exportDir}. */
  public void exportSavedModel(Path exportDir) {
    try {
      if (Files.exists(exportDir.resolve("saved_model.pb")))
        throw new IllegalArgumentException("export folder must not already hold a SavedModel, got " + exportDir);
      Files.createDirectories(exportDir);
      SavedModelBundle.exporter(exportDir.toAbsolutePath().toString()).withSession(session)
          .withSignature(Signature.builder().key(Signature.DEFAULT_KEY).input("inputs", input)
              .output("logits", logits).output("probabilities", probabilities).build())
          .export();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write SavedModel to " + exportDir, e);
    }
  }

  @Override
  public void close() {
    session.close();
    graph.close();
  }
}
