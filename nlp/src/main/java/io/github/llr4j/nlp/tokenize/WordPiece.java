package io.github.llr4j.nlp.tokenize;

import java.util.ArrayList;
import java.util.List;

/**
 * WordPiece sub-word splitting (Schuster and Nakajima 2012; BERT {@code WordpieceTokenizer}): greedy
 * longest-match-first from the left; every piece after the first is looked up with the {@code ##}
 * prefix. A word longer than {@code maxCharsPerWord} code points, or one with a position no
 * vocabulary piece covers, becomes the single unknown token.
 *
 * @param vocabulary the pieces
 * @param unknownToken the token for an uncoverable word (must be in the vocabulary)
 * @param maxCharsPerWord longest word split (BERT: 100), in code points
 */
public record WordPiece(Vocabulary vocabulary, String unknownToken, int maxCharsPerWord) {
  public static final String CONTINUATION = "##";
  public static final int DEFAULT_MAX_CHARS = 100;

  public WordPiece {
    if (maxCharsPerWord < 1) {
      throw new IllegalArgumentException("maxCharsPerWord must be >= 1, got " + maxCharsPerWord);
    }
    vocabulary.requireId(unknownToken);
  }

  /** BERT defaults: {@code [UNK]}, 100 characters. */
  public WordPiece(Vocabulary vocabulary) {
    this(vocabulary, SpecialTokens.UNK, DEFAULT_MAX_CHARS);
  }

  /** Pieces of one whitespace-free word. */
  public List<String> split(String word) {
    if (word.codePointCount(0, word.length()) > maxCharsPerWord) {
      return List.of(unknownToken);
    }
    List<String> pieces = new ArrayList<>();
    int start = 0;
    while (start < word.length()) {
      int end = word.length();
      String found = null;
      while (end > start) {
        String piece = word.substring(start, end);
        if (start > 0) {
          piece = CONTINUATION + piece;
        }
        if (vocabulary.contains(piece)) {
          found = piece;
          break;
        }
        end = word.offsetByCodePoints(end, -1);
      }
      if (found == null) {
        return List.of(unknownToken);
      }
      pieces.add(found);
      start = end;
    }
    return pieces;
  }
}
