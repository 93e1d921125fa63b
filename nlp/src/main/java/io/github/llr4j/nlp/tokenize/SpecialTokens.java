package io.github.llr4j.nlp.tokenize;

import java.util.List;

/** BERT's special tokens; {@link #ALL} is their fixed order (ids 0-4) in a trained vocabulary. */
public final class SpecialTokens {
  public static final String PAD = "[PAD]";
  public static final String UNK = "[UNK]";
  public static final String CLS = "[CLS]";
  public static final String SEP = "[SEP]";
  public static final String MASK = "[MASK]";
  /** [PAD]=0, [UNK]=1, [CLS]=2, [SEP]=3, [MASK]=4 as written by {@link WordPieceTrainer}. */
  public static final List<String> ALL = List.of(PAD, UNK, CLS, SEP, MASK);

  private SpecialTokens() {}
}
