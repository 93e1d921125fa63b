package io.github.llr4j.nlp.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.nlp.model.Activation;
import io.github.llr4j.nlp.model.TransformerSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fields of a Hugging Face BERT {@code config.json} that shape the encoder, and the
 * {@link TransformerSpec} they describe (post-norm, learned positions, [CLS] pooler: BERT).
 *
 * @param vocabSize {@code vocab_size}
 * @param hidden {@code hidden_size}
 * @param layers {@code num_hidden_layers}
 * @param heads {@code num_attention_heads}
 * @param intermediate {@code intermediate_size}
 * @param maxPositions {@code max_position_embeddings}
 * @param typeVocab {@code type_vocab_size}
 * @param layerNormEpsilon {@code layer_norm_eps} (default 1e-12)
 * @param dropout {@code hidden_dropout_prob} (default 0.1)
 * @param attentionDropout {@code attention_probs_dropout_prob} (default 0.1)
 * @param padId {@code pad_token_id} (default 0)
 * @param initializerRange {@code initializer_range} (default 0.02)
 * @param activation {@code hidden_act}: {@code gelu} is exact GELU, {@code gelu_new} and {@code
 *     gelu_pytorch_tanh} the tanh approximation
 */
public record BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate,
    int maxPositions, int typeVocab, float layerNormEpsilon, double dropout, double attentionDropout,
    int padId, double initializerRange, Activation activation) {

  /** With exact GELU (Hugging Face's {@code gelu}). */
  public BertConfig(int vocabSize, int hidden, int layers, int heads, int intermediate, int maxPositions,
      int typeVocab, float layerNormEpsilon, double dropout, double attentionDropout, int padId,
      double initializerRange) {
    this(vocabSize, hidden, layers, heads, intermediate, maxPositions, typeVocab, layerNormEpsilon, dropout,
        attentionDropout, padId, initializerRange, Activation.GELU);
  }

  /** Reads {@code file}; {@code hidden_act} must be exact or tanh GELU. */
  public static BertConfig read(Path file) {
    JsonNode c;
    try {
      c = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("config file " + file + " must be readable JSON: " + e.getMessage(), e);
    }
    if (c == null || !c.isObject()) throw new IllegalArgumentException("config file " + file + " must hold a JSON object");
    String act = c.path("hidden_act").asText("gelu");
    Activation activation = switch (act) {
      case "gelu" -> Activation.GELU;
      case "gelu_new", "gelu_pytorch_tanh" -> Activation.GELU_TANH;
      default -> throw new IllegalArgumentException("hidden_act in " + file + " must be gelu, gelu_new or"
          + " gelu_pytorch_tanh, got '" + act + "'");
    };
    String pet = c.path("position_embedding_type").asText("absolute");
    if (!pet.equals("absolute"))
      throw new IllegalArgumentException("position_embedding_type in " + file + " must be absolute, got '" + pet + "'");
    return new BertConfig(required(c, "vocab_size", file), required(c, "hidden_size", file),
        required(c, "num_hidden_layers", file), required(c, "num_attention_heads", file),
        required(c, "intermediate_size", file), required(c, "max_position_embeddings", file),
        optional(c, "type_vocab_size", 2, 0, file), (float) number(c, "layer_norm_eps", 1e-12, file),
        number(c, "hidden_dropout_prob", 0.1, file), number(c, "attention_probs_dropout_prob", 0.1, file),
        optional(c, "pad_token_id", 0, 0, file), number(c, "initializer_range", 0.02, file), activation);
  }

  /** A size: a JSON integer >= 1 (Jackson's canConvertToInt alone would take 16.7 as 16). */
  private static int required(JsonNode c, String key, Path file) {
    JsonNode v = c.get(key);
    if (v == null) throw new IllegalArgumentException("config file " + file + " must have an integer '" + key + "'");
    return integer(v, key, 1, file);
  }

  private static int optional(JsonNode c, String key, int fallback, int min, Path file) {
    JsonNode v = c.get(key);
    return v == null || v.isNull() ? fallback : integer(v, key, min, file);
  }

  private static int integer(JsonNode v, String key, int min, Path file) {
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min)
      throw new IllegalArgumentException("config file " + file + ": '" + key + "' must be an integer >= " + min
          + ", got " + v);
    return v.asInt();
  }

  private static double number(JsonNode c, String key, double fallback, Path file) {
    JsonNode v = c.get(key);
    if (v == null || v.isNull()) return fallback;
    if (!v.isNumber() || !Double.isFinite(v.asDouble()))
      throw new IllegalArgumentException("config file " + file + ": '" + key + "' must be a finite number, got " + v);
    return v.asDouble();
  }

  /** The encoder with {@code classes} outputs and [CLS] pooling; the classifier is new (not in BertModel). */
  public TransformerSpec spec(int classes) {
    return spec(classes, TransformerSpec.Pooling.CLS);
  }

  /** The encoder with {@code classes} outputs and the given pooling. */
  public TransformerSpec spec(int classes, TransformerSpec.Pooling pooling) {
    return new TransformerSpec("hf", vocabSize, maxPositions, hidden, layers, heads, intermediate, typeVocab,
        true, false, dropout, attentionDropout, pooling, classes, padId, layerNormEpsilon, initializerRange,
        activation);
  }
}
