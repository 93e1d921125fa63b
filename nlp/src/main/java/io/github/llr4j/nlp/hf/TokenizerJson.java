package io.github.llr4j.nlp.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.llr4j.nlp.tokenize.BasicTokenizer;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.SpecialTokens;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPiece;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face fast-tokenizer file ({@code tokenizer.json}, format of the {@code tokenizers}
 * library) turned into our {@link BertTokenizer}, component by component as the file declares them:
 *
 * <ul>
 *   <li>normalizer {@code BertNormalizer}: {@code clean_text} and {@code handle_chinese_chars} must be
 *       true (our {@link BasicTokenizer} always does both), {@code lowercase} as declared,
 *       {@code strip_accents} as declared ({@code null}: follows {@code lowercase}, as in the
 *       library);
 *   <li>pre-tokenizer {@code BertPreTokenizer} (whitespace, then every punctuation character alone);
 *   <li>model {@code WordPiece}: {@code vocab}, {@code unk_token}, {@code max_input_chars_per_word};
 *       {@code continuing_subword_prefix} must be {@code ##};
 *   <li>post-processor {@code TemplateProcessing} or {@code BertProcessing} with BERT's layout
 *       ({@code [CLS] A [SEP]}, pairs {@code [CLS] A [SEP] B [SEP]} with type ids 0 0 0 1 1);
 *   <li>truncation: {@code LongestFirst}, direction {@code Right}, stride 0; its {@code max_length}
 *       is reported by {@link #truncation()};
 *   <li>added tokens: special ones are never split (kept whole when they stand as a word); each must
 *       be in the vocabulary with its id.
 * </ul>
 *
 * Everything else is refused with the component's name (BPE or Unigram models, other normalizers,
 * Metaspace or ByteLevel pre-tokenizers, RoBERTa post-processing, non-special added tokens).
 * Padding is not taken from the file: runs pad to their {@code --max-length}; {@code decoder} is
 * not used (we never decode).
 *
 * <p>Deviation: the library matches special tokens anywhere in the raw text before normalising;
 * here a special token is recognised when whitespace delimits it (as BERT's {@code never_split}).
 *
 * @param tokenizer the equivalent tokenizer
 * @param lowerCase whether texts are lower-cased
 * @param stripAccents whether accents are stripped
 * @param truncation the declared truncation length, 0 when the file declares none
 */
public record TokenizerJson(BertTokenizer tokenizer, boolean lowerCase, boolean stripAccents, int truncation) {

  public static TokenizerJson read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("tokenizer file " + file + " must be readable JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject())
      throw new IllegalArgumentException("tokenizer file " + file + " must hold a JSON object");
    String f = "tokenizer file " + file;
    JsonNode model = root.path("model");
    require(model.path("type").asText("").equals("WordPiece"), f, "model", "type WordPiece", model.path("type"));
    require(model.path("continuing_subword_prefix").asText("##").equals("##"), f, "model.continuing_subword_prefix",
        "'##'", model.path("continuing_subword_prefix"));
    Vocabulary vocab = vocabulary(model.path("vocab"), f);
    String unk = model.path("unk_token").asText("[UNK]");
    require(vocab.contains(unk), f, "model.unk_token", "a token of the vocabulary", model.path("unk_token"));
    int maxChars = model.path("max_input_chars_per_word").asInt(WordPiece.DEFAULT_MAX_CHARS);

    JsonNode norm = root.path("normalizer");
    require(norm.path("type").asText("").equals("BertNormalizer"), f, "normalizer", "type BertNormalizer",
        norm.isMissingNode() || norm.isNull() ? "none" : norm.path("type"));
    require(norm.path("clean_text").asBoolean(true), f, "normalizer.clean_text", "true", norm.path("clean_text"));
    require(norm.path("handle_chinese_chars").asBoolean(true), f, "normalizer.handle_chinese_chars", "true",
        norm.path("handle_chinese_chars"));
    boolean lower = norm.path("lowercase").asBoolean(true);
    JsonNode sa = norm.path("strip_accents");
    boolean strip = sa.isNull() || sa.isMissingNode() ? lower : sa.asBoolean();

    JsonNode pre = root.path("pre_tokenizer");
    require(pre.path("type").asText("").equals("BertPreTokenizer"), f, "pre_tokenizer", "type BertPreTokenizer",
        pre.isMissingNode() || pre.isNull() ? "none" : pre.path("type"));
    postProcessor(root.path("post_processor"), vocab, f);
    int truncation = truncation(root.path("truncation"), f);
    Set<String> special = addedTokens(root.path("added_tokens"), vocab, f);
    for (String t : List.of(SpecialTokens.PAD, SpecialTokens.CLS, SpecialTokens.SEP))
      require(vocab.contains(t), f, "model.vocab", "the token " + t, "none");
    BasicTokenizer basic = new BasicTokenizer(lower, strip, special);
    return new TokenizerJson(new BertTokenizer(basic, new WordPiece(vocab, unk, maxChars)), lower, strip, truncation);
  }

  private static Vocabulary vocabulary(JsonNode v, String f) {
    require(v.isObject() && v.size() > 0, f, "model.vocab", "an object of token: id", v.getNodeType());
    String[] tokens = new String[v.size()];
    Iterator<Map.Entry<String, JsonNode>> it = v.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int id = e.getValue().asInt(-1);
      if (id < 0 || id >= tokens.length || tokens[id] != null)
        throw new IllegalArgumentException(f + ": model.vocab ids must be 0.." + (tokens.length - 1) + ", each once;"
            + " got " + e.getValue() + " for '" + e.getKey() + "'");
      tokens[id] = e.getKey();
    }
    return Vocabulary.of(Arrays.asList(tokens));
  }

  private static void postProcessor(JsonNode p, Vocabulary vocab, String f) {
    String type = p.path("type").asText("none");
    if (type.equals("BertProcessing")) {
      require(p.path("cls").path(0).asText().equals(SpecialTokens.CLS)
          && p.path("sep").path(0).asText().equals(SpecialTokens.SEP), f, "post_processor (BertProcessing)",
          "cls [CLS] and sep [SEP]", p);
      require(p.path("cls").path(1).asInt(-1) == vocab.requireId(SpecialTokens.CLS)
          && p.path("sep").path(1).asInt(-1) == vocab.requireId(SpecialTokens.SEP), f, "post_processor ids",
          "the vocabulary's ids of [CLS] and [SEP]", p);
      return;
    }
    require(type.equals("TemplateProcessing"), f, "post_processor", "type TemplateProcessing or BertProcessing", type);
    require(template(p.path("single")).equals(List.of("[CLS]:0", "A:0", "[SEP]:0")), f, "post_processor.single",
        "[CLS]:0 $A:0 [SEP]:0", template(p.path("single")));
    JsonNode pair = p.path("pair");
    if (!pair.isMissingNode() && !pair.isNull())
      require(template(pair).equals(List.of("[CLS]:0", "A:0", "[SEP]:0", "B:1", "[SEP]:1")), f,
          "post_processor.pair", "[CLS]:0 $A:0 [SEP]:0 $B:1 [SEP]:1", template(pair));
    Iterator<Map.Entry<String, JsonNode>> it = p.path("special_tokens").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode ids = e.getValue().path("ids");
      require(ids.size() == 1 && vocab.id(e.getKey()).orElse(-1) == ids.path(0).asInt(-2), f,
          "post_processor.special_tokens." + e.getKey(), "one id equal to the vocabulary's", ids);
    }
  }

  private static List<String> template(JsonNode items) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode s = item.path("SpecialToken");
      JsonNode q = item.path("Sequence");
      if (!s.isMissingNode()) out.add(s.path("id").asText() + ":" + s.path("type_id").asInt());
      else out.add(q.path("id").asText() + ":" + q.path("type_id").asInt());
    }
    return out;
  }

  private static int truncation(JsonNode t, String f) {
    if (t.isMissingNode() || t.isNull()) return 0;
    require(t.path("strategy").asText("LongestFirst").equals("LongestFirst"), f, "truncation.strategy",
        "LongestFirst", t.path("strategy"));
    require(t.path("direction").asText("Right").equals("Right"), f, "truncation.direction", "Right",
        t.path("direction"));
    require(t.path("stride").asInt(0) == 0, f, "truncation.stride", "0", t.path("stride"));
    int max = t.path("max_length").asInt(0);
    require(max >= 2, f, "truncation.max_length", ">= 2", t.path("max_length"));
    return max;
  }

  private static Set<String> addedTokens(JsonNode added, Vocabulary vocab, String f) {
    Set<String> special = new HashSet<>();
    for (JsonNode a : added) {
      String c = a.path("content").asText();
      require(vocab.id(c).orElse(-1) == a.path("id").asInt(-2), f, "added token '" + c + "'",
          "in model.vocab with id " + a.path("id"), vocab.id(c).isPresent() ? vocab.id(c).getAsInt() : "absent");
      require(a.path("special").asBoolean(false), f, "added token '" + c + "'", "special (non-special added tokens"
          + " are not supported)", "special false");
      special.add(c);
    }
    return special;
  }

  private static void require(boolean ok, String f, String component, String expected, Object got) {
    if (!ok)
      throw new IllegalArgumentException(f + ": " + component + " must be " + expected + ", got " + got
          + " (not supported by llr4j's BERT tokenizer)");
  }
}
