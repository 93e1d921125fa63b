package io.github.llr4j.nlp.pretrained;

import io.github.llr4j.core.run.RunFolder;
import io.github.llr4j.nlp.hf.PretrainedBert;
import io.github.llr4j.nlp.hf.TokenizerJson;
import io.github.llr4j.nlp.onnx.OnnxBert;
import io.github.llr4j.nlp.savedmodel.SavedModelBert;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pretrained encoder named by {@code --model}: {@code maven:NAME} (see {@link ModelCache}), {@code hf:DIR} (a Hugging Face folder with
 * {@code config.json} and {@code model.safetensors}) or {@code onnx:FILE} (an ONNX export, weights
 * mapped by {@link OnnxBert}) or {@code savedmodel:DIR} (Google's TF BERT, tag {@code serve}, read by
 * {@link SavedModelBert}; its vocabulary in {@code assets/vocab.txt}), with its tokenizer: {@code --tokenizer F}, else {@code
 * tokenizer.json} beside the weights (for ONNX also {@code <name>-tokenizer.json}, the file name
 * model jars use), else {@code vocab.txt} (lower-casing from {@code tokenizer_config.json}'s {@code
 * do_lower_case}, true when absent).
 *
 * @param label what the run prints as its source
 * @param bert the weights and configuration
 * @param vocab the vocabulary
 * @param lowerCase whether texts are lower-cased
 * @param stripAccents whether accents are stripped
 * @param truncation the tokenizer file's declared truncation length (0: none declared)
 */
public record PretrainedSource(String label, PretrainedBert bert, Vocabulary vocab, boolean lowerCase, boolean stripAccents,
    int truncation) {

  /** Whether {@code model} names a pretrained source. */
  public static boolean names(String model) {
    return model.startsWith("hf:") || model.startsWith("onnx:") || model.startsWith("maven:")
        || model.startsWith("savedmodel:");
  }

  /**
   * Opens {@code model} (see the class comment); {@code tokenizer} may be null. {@code maven:NAME}
   * (a {@link ModelCache} catalogue name or GROUP:ARTIFACT:VERSION) is fetched into the model cache
   * first, then opened as the ONNX file or Hugging Face folder it holds; {@code log} gets the progress.
   */
  public static PretrainedSource open(String model, Path tokenizer, java.io.PrintWriter log) {
    if (model.startsWith("maven:")) {
      Path dir = ModelCache.fetch(model.substring(6), log);
      return open(ModelCache.modelOf(dir), tokenizer, log);
    }
    if (model.startsWith("hf:")) {
      Path dir = Path.of(model.substring(3));
      if (!Files.isDirectory(dir))
        throw new IllegalArgumentException("--model hf:DIR must name a folder, got " + dir);
      return withTokenizer(dir.toString(), PretrainedBert.folder(dir), dir, tokenizer, List.of(dir.resolve("tokenizer.json")));
    }
    if (model.startsWith("onnx:")) {
      Path file = Path.of(model.substring(5));
      if (!Files.isRegularFile(file))
        throw new IllegalArgumentException("--model onnx:FILE must name an ONNX file, got " + file);
      Path dir = file.toAbsolutePath().getParent();
      String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
      return withTokenizer(file.toString(), OnnxBert.read(file), dir, tokenizer,
          List.of(dir.resolve("tokenizer.json"), dir.resolve(stem + "-tokenizer.json")));
    }
    if (model.startsWith("savedmodel:")) {
      Path dir = Path.of(model.substring(11));
      if (!SavedModelBert.isSavedModel(dir))
        throw new IllegalArgumentException("--model savedmodel:DIR must name a folder with saved_model.pb and"
            + " variables/, got " + dir);
      return withTokenizer(dir.toString(), SavedModelBert.read(dir), dir.resolve("assets"), tokenizer,
          List.of(dir.resolve("tokenizer.json")));
    }
    throw new IllegalArgumentException("--model must be hf:DIR, onnx:FILE, savedmodel:DIR or maven:NAME for a"
        + " pretrained encoder, got "
        + model);
  }

  private static PretrainedSource withTokenizer(String label, PretrainedBert bert, Path dir, Path explicit,
      List<Path> candidates) {
    List<Path> tried = new ArrayList<>();
    if (explicit != null) {
      if (!Files.isRegularFile(explicit)) throw new IllegalArgumentException("--tokenizer must name a file, got " + explicit);
      return of(label, bert, explicit);
    }
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) return of(label, bert, c);
      tried.add(c);
    }
    Path vocab = dir.resolve("vocab.txt");
    if (!Files.isRegularFile(vocab)) {
      tried.add(vocab);
      throw new IllegalArgumentException("pretrained model " + label + " needs a tokenizer: give --tokenizer F"
          + " (tokenizer.json or vocab.txt), or put one of " + tried + " beside it");
    }
    boolean lower = doLowerCase(dir.resolve("tokenizer_config.json"));
    return new PretrainedSource(label, bert, Vocabulary.load(vocab), lower, lower, 0);
  }

  private static PretrainedSource of(String label, PretrainedBert bert, Path tokenizer) {
    if (tokenizer.getFileName().toString().endsWith(".txt")) {
      boolean lower = doLowerCase(tokenizer.resolveSibling("tokenizer_config.json"));
      return new PretrainedSource(label, bert, Vocabulary.load(tokenizer), lower, lower, 0);
    }
    TokenizerJson t = TokenizerJson.read(tokenizer);
    return new PretrainedSource(label, bert, t.tokenizer().vocabulary(), t.lowerCase(), t.stripAccents(),
        t.truncation());
  }

  private static boolean doLowerCase(Path f) {
    if (!Files.isRegularFile(f)) return true;
    try {
      return RunFolder.JSON.readTree(f.toFile()).path("do_lower_case").asBoolean(true);
    } catch (IOException e) {
      throw new IllegalArgumentException(f + " must be readable JSON: " + e.getMessage(), e);
    }
  }
}
