package io.github.llr4j.nlp.tokenize;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * BERT's "basic" tokenizer: splits raw text into words before WordPiece.
 *
 * <p>Steps, in order (as in Google BERT {@code tokenization.BasicTokenizer}): (1) cleanup — drop
 * NUL, U+FFFD and control characters (Unicode C* categories except tab, CR, LF), map every
 * whitespace character to a space; (2) put spaces around every CJK ideograph (the BERT ranges, see {@link #isCjk});
 * (3) split on whitespace; (4) per word not in {@code neverSplit}: optional lower-casing, optional
 * accent stripping (NFD, then drop combining marks of category Mn), then split off every punctuation
 * character (ASCII 33-47, 58-64, 91-96, 123-126 and Unicode categories P*) as its own token.
 *
 * <p>Deviation: BERT ties accent stripping to lower-casing; here they are independent options
 * ({@code lowerCase} and {@code stripAccents}), and lower-casing uses {@link Locale#ROOT}.
 *
 * @param lowerCase lower-case each word (not the never-split ones)
 * @param stripAccents remove accents: NFD decomposition, then drop Mn marks
 * @param neverSplit tokens kept intact (e.g. {@code [CLS]}), matched after whitespace splitting
 */
public record BasicTokenizer(boolean lowerCase, boolean stripAccents, Set<String> neverSplit) {

  public BasicTokenizer {
    if (neverSplit == null) {
      throw new IllegalArgumentException("neverSplit must not be null, got null (use Set.of())");
    }
    neverSplit = Set.copyOf(neverSplit);
  }

  /** Uncased BERT settings: lower-case, strip accents, keep the five special tokens whole. */
  public static BasicTokenizer uncased() {
    return new BasicTokenizer(true, true, Set.copyOf(SpecialTokens.ALL));
  }

  /** Cased BERT settings: no lower-casing, no accent stripping. */
  public static BasicTokenizer cased() {
    return new BasicTokenizer(false, false, Set.copyOf(SpecialTokens.ALL));
  }

  /** Words and punctuation tokens of {@code text}, in order. */
  public List<String> tokenize(String text) {
    String cleaned = spaceCjk(clean(text));
    List<String> out = new ArrayList<>();
    for (String word : cleaned.trim().split(" +")) {
      if (word.isEmpty()) {
        continue;
      }
      if (neverSplit.contains(word)) {
        out.add(word);
        continue;
      }
      String w = word;
      if (lowerCase) {
        w = w.toLowerCase(Locale.ROOT);
      }
      if (stripAccents) {
        w = stripAccents(w);
      }
      splitPunctuation(w, out);
    }
    return out;
  }

  static String clean(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (cp == 0 || cp == 0xFFFD || isControl(cp)) {
        return;
      }
      if (isWhitespace(cp)) {
        sb.append(' ');
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }

  private static String spaceCjk(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(cp -> {
      if (isCjk(cp)) {
        sb.append(' ').appendCodePoint(cp).append(' ');
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }

  static String stripAccents(String word) {
    String nfd = Normalizer.normalize(word, Normalizer.Form.NFD);
    StringBuilder sb = new StringBuilder(nfd.length());
    nfd.codePoints().filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  private static void splitPunctuation(String word, List<String> out) {
    StringBuilder current = new StringBuilder();
    int i = 0;
    while (i < word.length()) {
      int cp = word.codePointAt(i);
      i += Character.charCount(cp);
      if (isPunctuation(cp)) {
        if (current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
        }
        out.add(new String(Character.toChars(cp)));
      } else {
        current.appendCodePoint(cp);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
  }

  /** Space, tab, CR, LF and Unicode category Zs. */
  static boolean isWhitespace(int cp) {
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'
        || Character.getType(cp) == Character.SPACE_SEPARATOR;
  }

  /** Every category C* (Cc, Cf, Cn, Co, Cs) as in BERT, except tab, CR and LF (whitespace). */
  static boolean isControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
        || type == Character.PRIVATE_USE || type == Character.SURROGATE;
  }

  /** ASCII non-alphanumeric printable characters, and Unicode categories Pc Pd Ps Pe Pi Pf Po. */
  static boolean isPunctuation(int cp) {
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96)
        || (cp >= 123 && cp <= 126)) {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION,
          Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION -> true;
      default -> false;
    };
  }

  /** The CJK Unified Ideograph blocks BERT treats as one token each. */
  static boolean isCjk(int cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)
        || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B73F)
        || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
  }
}
