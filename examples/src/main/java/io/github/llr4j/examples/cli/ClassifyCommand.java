package io.github.llr4j.examples.cli;

import io.github.llr4j.core.infer.Predictor;
import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.nlp.task.TextRunCard;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TInt32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llr4j classify --checkpoint RUN "text"...}: label and probability of each text (or of
 * each line of {@code --file}), from a text run's checkpoint. The run folder holds everything:
 * {@code model.json} (encoder spec, classes, tokenizer settings), {@code vocab.txt} and
 * {@code checkpoint/}.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
    description = "Classify texts with a trained text run (prints label and probability, tab-separated).")
public final class ClassifyCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN", description = "run folder of llr4j train --task text")
  Path run;

  @Option(names = "--file", paramLabel = "F", description = "also classify every non-empty line of F")
  Path file;

  @Parameters(paramLabel = "TEXT", arity = "0..*", description = "texts to classify")
  List<String> texts = List.of();

  @Override
  public Integer call() {
    RunCard card = RunCard.read(run);
    card.requireTask("text", "classify");
    List<String> all = new ArrayList<>(texts);
    if (file != null) {
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!line.isBlank()) all.add(line);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read --file " + file, e);
      }
    }
    if (all.isEmpty()) throw new IllegalArgumentException("give TEXT arguments and/or --file F");
    TransformerSpec model = TextRunCard.spec(card);
    List<String> classes = card.strings("classes");
    int maxLength = card.integer("max_length", 8, model.maxLength());
    BertTokenizer tok = TextRunCard.tokenizer(card, model);
    int[] ids = new int[all.size() * maxLength];
    for (int i = 0; i < all.size(); i++) System.arraycopy(tok.encode(all.get(i), maxLength).ids(), 0, ids, i * maxLength, maxLength);
    float[][] probs;
    try (Predictor p = Predictor.fromCheckpoint(model, TInt32.class, Shape.of(maxLength), run);
        TInt32 in = TInt32.tensorOf(Shape.of(all.size(), maxLength), DataBuffers.of(ids, true, false))) {
      probs = p.probabilities(in);
    }
    PrintWriter out = spec.commandLine().getOut();
    for (int i = 0; i < all.size(); i++) {
      int arg = 0;
      for (int k = 1; k < classes.size(); k++) if (probs[i][k] > probs[i][arg]) arg = k;
      String shown = all.get(i).replaceAll("\\s+", " ");
      if (shown.length() > 60) shown = shown.substring(0, 57) + "...";
      out.println(String.format(Locale.ROOT, "%s\t%.4f\t%s", classes.get(arg), probs[i][arg], shown));
    }
    out.flush();
    return 0;
  }
}
