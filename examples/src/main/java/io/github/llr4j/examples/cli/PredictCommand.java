package io.github.llr4j.examples.cli;

import io.github.llr4j.core.infer.Predictor;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.vision.task.ImageRunCard;
import io.github.llr4j.vision.data.ImageFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j predict --checkpoint RUN IMAGE...}: the class and its probability for each image,
 * from a vision run's checkpoint. Images are decoded, scaled to the model's input size and
 * converted to its channel count; {@code --export DIR} also writes a SavedModel.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Classify images with a trained vision run (prints class and probability).")
public final class PredictCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN", description = "run folder of llr4j train")
  Path run;

  @Option(names = "--top", defaultValue = "1", description = "classes to print per image (default 1)")
  int top;

  @Option(names = "--export", paramLabel = "DIR", description = "also export the model as a SavedModel to DIR")
  Path export;

  @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "PNG or JPEG files")
  List<Path> images = List.of();

  @Override
  public Integer call() {
    RunCard card = RunCard.read(run);
    card.requireTask("vision", "predict");
    if (images.isEmpty() && export == null) throw new IllegalArgumentException("give IMAGE files and/or --export DIR");
    Shape shape = ImageRunCard.inputShape(card);
    int h = (int) shape.get(0), w = (int) shape.get(1), c = (int) shape.get(2);
    List<String> classes = card.strings("classes");
    if (top < 1 || top > classes.size())
      throw new IllegalArgumentException("--top must be in [1, " + classes.size() + "], got " + top);
    PrintWriter out = spec.commandLine().getOut();
    try (Predictor p = Predictor.fromCheckpoint(ImageRunCard.model(card), TFloat32.class, Shape.of(h, w, c), run)) {
      if (!images.isEmpty()) {
        float[] batch = ImageFiles.batch(images, h, w, c);
        float[][] probs;
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(images.size(), h, w, c), DataBuffers.of(batch, true, false))) {
          probs = p.probabilities(t);
        }
        for (int i = 0; i < images.size(); i++) {
          StringBuilder b = new StringBuilder(images.get(i).toString());
          boolean[] used = new boolean[classes.size()];
          for (int k = 0; k < top; k++) {
            int arg = -1;
            for (int j = 0; j < classes.size(); j++) if (!used[j] && (arg < 0 || probs[i][j] > probs[i][arg])) arg = j;
            used[arg] = true;
            b.append(String.format(Locale.ROOT, "\t%s\t%.4f", classes.get(arg), probs[i][arg]));
          }
          out.println(b);
        }
      }
      if (export != null) {
        p.exportSavedModel(export);
        out.println("SavedModel written to " + export + " (signature serving_default: inputs -> logits, probabilities)");
      }
    }
    out.flush();
    return 0;
  }
}
