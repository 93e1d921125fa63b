package io.github.llr4j.nlp.task;

import io.github.llr4j.core.run.RunCard;
import io.github.llr4j.nlp.model.Activation;
import io.github.llr4j.nlp.model.TransformerSpec;
import io.github.llr4j.nlp.tokenize.BasicTokenizer;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.SpecialTokens;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPiece;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The run card ({@code model.json}) of a text run: the full encoder spec, the class names, the
 * vocabulary file and the tokenizer settings, written by {@link TextClassification} and {@link
 * MaskedLmPretraining} and read back by {@code llr4j classify} and {@code train --init RUN}.
 */
public final class TextRunCard {

  private TextRunCard() {}

  /** model.json of a text run with lower-casing and accent stripping chosen together. */
  public static RunCard of(String dataset, TransformerSpec spec, List<String> classes, boolean lowerCase) {
    return of(dataset, spec, classes, lowerCase, lowerCase);
  }

  /** The same, with accent stripping recorded apart from lower-casing (a tokenizer.json may set them apart). */
  public static RunCard of(String dataset, TransformerSpec spec, List<String> classes, boolean lowerCase,
      boolean stripAccents) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("task", "text");
    v.put("dataset", dataset);
    v.put("classes", classes);
    v.put("vocab", "vocab.txt");
    v.put("lower_case", lowerCase);
    v.put("strip_accents", stripAccents);
    v.put("max_length", spec.maxLength());
    v.put("encoder", specToMap(spec));
    return new RunCard(v);
  }

  static Map<String, Object> specToMap(TransformerSpec spec) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("size", spec.size());
    e.put("vocab_size", spec.vocabSize());
    e.put("max_length", spec.maxLength());
    e.put("hidden", spec.hidden());
    e.put("layers", spec.layers());
    e.put("heads", spec.heads());
    e.put("intermediate", spec.intermediate());
    e.put("type_vocab", spec.typeVocab());
    e.put("learned_positions", spec.learnedPositions());
    e.put("pre_norm", spec.preNorm());
    e.put("dropout", spec.dropout());
    e.put("attention_dropout", spec.attentionDropout());
    e.put("pooling", spec.pooling().name());
    e.put("classes", spec.classes());
    e.put("pad_id", spec.padId());
    e.put("layer_norm_epsilon", (double) spec.layerNormEpsilon());
    e.put("initializer_range", spec.initializerRange());
    e.put("activation", spec.activation().cardName());
    return e;
  }

  /** The encoder spec stored in a text run's model.json. */
  @SuppressWarnings("unchecked")
  public static TransformerSpec spec(RunCard card) {
    Object o = card.values().get("encoder");
    if (!(o instanceof Map<?, ?>))
      throw new IllegalArgumentException(RunCard.FILE + " lacks the 'encoder' object (not a text run)");
    Map<String, Object> e = (Map<String, Object>) o;
    return new TransformerSpec((String) e.get("size"), num(e, "vocab_size"), num(e, "max_length"),
        num(e, "hidden"), num(e, "layers"), num(e, "heads"), num(e, "intermediate"), num(e, "type_vocab"),
        (Boolean) e.get("learned_positions"), (Boolean) e.get("pre_norm"),
        ((Number) e.get("dropout")).doubleValue(), ((Number) e.get("attention_dropout")).doubleValue(),
        TransformerSpec.Pooling.valueOf((String) e.get("pooling")), num(e, "classes"), num(e, "pad_id"),
        ((Number) e.get("layer_norm_epsilon")).floatValue(), ((Number) e.get("initializer_range")).doubleValue(),
        // cards written before the field existed used exact GELU
        Activation.fromCardName(e.get("activation") == null ? "gelu" : String.valueOf(e.get("activation"))));
  }

  private static int num(Map<String, Object> e, String k) {
    Object v = e.get(k);
    if (!(v instanceof Number n)) throw new IllegalArgumentException(RunCard.FILE + " encoder lacks the number '" + k + "'");
    return n.intValue();
  }

  /**
   * The vocabulary a text run's card names ({@code vocab}, resolved strictly inside the run
   * folder), checked against the encoder's embedding rows.
   */
  public static Vocabulary vocabulary(RunCard card, TransformerSpec spec) {
    Path f = card.file("vocab");
    Vocabulary v = Vocabulary.load(f);
    if (v.size() != spec.vocabSize())
      throw new IllegalArgumentException(f + " must have the encoder's vocab_size = " + spec.vocabSize()
          + " tokens (" + RunCard.FILE + "), got " + v.size());
    return v;
  }

  /**
   * The tokenizer a text run's card describes: its vocabulary ({@link #vocabulary(RunCard,
   * TransformerSpec)}), lower-casing unless {@code lower_case} is false, accent stripping as {@code
   * strip_accents} says (cards written before that field strip exactly when they lower-case).
   */
  public static BertTokenizer tokenizer(RunCard card, TransformerSpec spec) {
    Object lower = card.values().get("lower_case");
    Object strip = card.values().get("strip_accents");
    return tokenizer(vocabulary(card, spec), !Boolean.FALSE.equals(lower),
        strip == null ? !Boolean.FALSE.equals(lower) : Boolean.TRUE.equals(strip));
  }

  /** The tokenizer of a run: uncased unless the card (from a cased pretrained model) says otherwise. */
  public static BertTokenizer tokenizer(Vocabulary v, boolean lowerCase) {
    return tokenizer(v, lowerCase, lowerCase);
  }

  /** The tokenizer with lower-casing and accent stripping chosen independently (a tokenizer.json may). */
  public static BertTokenizer tokenizer(Vocabulary v, boolean lowerCase, boolean stripAccents) {
    return new BertTokenizer(new BasicTokenizer(lowerCase, stripAccents, Set.copyOf(SpecialTokens.ALL)),
        new WordPiece(v));
  }
}
