package io.github.llr4j.nlp.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * Full BERT text encoder: {@link BasicTokenizer} then {@link WordPiece}, then special tokens,
 * truncation and padding to a fixed length (fixed shapes suit graph feeding).
 *
 * <p>Single text: {@code [CLS] a [SEP]}. Pair: {@code [CLS] a [SEP] b [SEP]}, type ids 0 up to and
 * including the first {@code [SEP]}, 1 after. Truncation is BERT's longest-first
 * ({@code _truncate_seq_pair}): while too long, drop the last piece of the longer part (of b when
 * equal). Then {@code [PAD]} fills up to {@code maxLength}, with mask 0 and type id 0.
 *
 * @param basic word splitter
 * @param wordPiece sub-word splitter; its vocabulary must hold [PAD], [UNK], [CLS], [SEP]
 */
public record BertTokenizer(BasicTokenizer basic, WordPiece wordPiece) {

  public BertTokenizer {
    Vocabulary v = wordPiece.vocabulary();
    for (String t : List.of(SpecialTokens.PAD, SpecialTokens.CLS, SpecialTokens.SEP)) {
      v.requireId(t);
    }
  }

  /** Uncased BERT tokenizer over {@code vocabulary}. */
  public static BertTokenizer uncased(Vocabulary vocabulary) {
    return new BertTokenizer(BasicTokenizer.uncased(), new WordPiece(vocabulary));
  }

  public Vocabulary vocabulary() {
    return wordPiece.vocabulary();
  }

  /** Word pieces of {@code text}, without special tokens. */
  public List<String> tokenize(String text) {
    List<String> pieces = new ArrayList<>();
    for (String word : basic.tokenize(text)) {
      if (basic.neverSplit().contains(word) && vocabulary().contains(word)) {
        pieces.add(word);
      } else {
        pieces.addAll(wordPiece.split(word));
      }
    }
    return pieces;
  }

  /** {@code [CLS] text [SEP]}, truncated and padded to {@code maxLength}. */
  public Encoding encode(String text, int maxLength) {
    return encode(text, null, maxLength);
  }

  /**
   * Encodes a text or a pair ({@code second} may be null), truncated and padded to {@code maxLength}
   * (at least 2 for a single text, 3 for a pair).
   */
  public Encoding encode(String first, String second, int maxLength) {
    int special = second == null ? 2 : 3;
    if (maxLength < special) {
      throw new IllegalArgumentException("maxLength must be >= " + special + " (room for [CLS]"
          + " and [SEP]), got " + maxLength);
    }
    List<String> a = new ArrayList<>(tokenize(first));
    List<String> b = second == null ? new ArrayList<>() : new ArrayList<>(tokenize(second));
    int budget = maxLength - special;
    while (a.size() + b.size() > budget) {
      if (a.size() > b.size()) {
        a.remove(a.size() - 1);
      } else {
        b.remove(b.size() - 1);
      }
    }
    Vocabulary v = vocabulary();
    int[] ids = new int[maxLength];
    int[] types = new int[maxLength];
    int[] mask = new int[maxLength];
    int pos = 0;
    ids[pos] = v.requireId(SpecialTokens.CLS);
    mask[pos++] = 1;
    for (String t : a) {
      ids[pos] = v.requireId(t);
      mask[pos++] = 1;
    }
    ids[pos] = v.requireId(SpecialTokens.SEP);
    mask[pos++] = 1;
    if (second != null) {
      for (String t : b) {
        ids[pos] = v.requireId(t);
        types[pos] = 1;
        mask[pos++] = 1;
      }
      ids[pos] = v.requireId(SpecialTokens.SEP);
      types[pos] = 1;
      mask[pos++] = 1;
    }
    int pad = v.requireId(SpecialTokens.PAD);
    while (pos < maxLength) {
      ids[pos++] = pad;
    }
    return new Encoding(ids, types, mask);
  }
}
