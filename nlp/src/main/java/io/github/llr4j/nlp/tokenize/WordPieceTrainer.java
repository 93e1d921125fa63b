package io.github.llr4j.nlp.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns a WordPiece vocabulary from a corpus.
 *
 * <p>Algorithm (bottom-up merges, as in the Hugging Face WordPiece trainer, which itself follows
 * BPE, Sennrich et al. 2016): (1) split every text with the {@link BasicTokenizer} and count word
 * frequencies (words longer than {@code maxCharsPerWord} are skipped: WordPiece maps them to
 * [UNK] anyway); (2) the vocabulary starts with the five {@link SpecialTokens} (ids 0-4), then
 * every character seen at a word start ({@code c}) and inside a word ({@code ##c}), most frequent
 * first; (3) each word is a sequence of these symbols; repeatedly take the adjacent symbol pair with
 * the highest frequency (summed over word frequencies; ties broken by the merged string, for
 * determinism), merge it everywhere ({@code x} + {@code ##y} = {@code xy}, {@code ##x} +
 * {@code ##y} = {@code ##xy}) and add the merged piece, until the vocabulary has
 * {@code targetSize} tokens or no pair reaches {@code minFrequency}.
 *
 * <p>Since every character of the corpus is in the vocabulary, the result tokenizes its own
 * corpus without [UNK] (words over the length limit aside), unless {@code targetSize} is smaller
 * than specials plus alphabet: then the rarest characters are left out. Each merge rescans the
 * distinct words: O(merges x total symbols of distinct words), fine for corpora of a few
 * million words, not tuned beyond that.
 *
 * @param basic word splitter (should match the one used to encode later)
 * @param targetSize maximum vocabulary size, at least 5
 * @param minFrequency a pair is merged only if it occurs at least this often (>= 1)
 * @param maxCharsPerWord words longer than this are ignored (WordPiece's limit)
 */
public record WordPieceTrainer(BasicTokenizer basic, int targetSize, int minFrequency,
    int maxCharsPerWord) {

  public WordPieceTrainer {
    if (targetSize < SpecialTokens.ALL.size()) {
      throw new IllegalArgumentException("targetSize must be >= " + SpecialTokens.ALL.size()
          + " (the special tokens), got " + targetSize);
    }
    if (minFrequency < 1) {
      throw new IllegalArgumentException("minFrequency must be >= 1, got " + minFrequency);
    }
    if (maxCharsPerWord < 1) {
      throw new IllegalArgumentException("maxCharsPerWord must be >= 1, got " + maxCharsPerWord);
    }
  }

  /** Uncased basic tokenizer, WordPiece's 100-character limit. */
  public WordPieceTrainer(int targetSize, int minFrequency) {
    this(BasicTokenizer.uncased(), targetSize, minFrequency, WordPiece.DEFAULT_MAX_CHARS);
  }

  /** Learns the vocabulary from {@code texts}. */
  public Vocabulary train(Iterator<String> texts) {
    Map<String, Integer> wordFreq = new HashMap<>();
    while (texts.hasNext()) {
      for (String w : basic.tokenize(texts.next())) {
        if (w.codePointCount(0, w.length()) <= maxCharsPerWord
            && !basic.neverSplit().contains(w)) {
          wordFreq.merge(w, 1, Integer::sum);
        }
      }
    }
    List<Word> words = new ArrayList<>();
    Map<String, Long> charFreq = new HashMap<>();
    wordFreq.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      List<String> symbols = new ArrayList<>();
      String w = e.getKey();
      int i = 0;
      while (i < w.length()) {
        int cp = w.codePointAt(i);
        String c = new String(Character.toChars(cp));
        symbols.add(i == 0 ? c : WordPiece.CONTINUATION + c);
        i += Character.charCount(cp);
      }
      for (String s : symbols) {
        charFreq.merge(s, (long) e.getValue(), Long::sum);
      }
      words.add(new Word(symbols, e.getValue()));
    });
    Set<String> vocab = new LinkedHashSet<>(SpecialTokens.ALL);
    charFreq.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .limit(Math.max(0, targetSize - vocab.size()))
        .forEach(vocab::add);
    while (vocab.size() < targetSize) {
      Map<String, Long> pairFreq = new HashMap<>();
      for (Word w : words) {
        for (int i = 0; i + 1 < w.symbols.size(); i++) {
          pairFreq.merge(w.symbols.get(i) + "\u0000" + w.symbols.get(i + 1), (long) w.freq,
              Long::sum);
        }
      }
      String best = null;
      long bestFreq = 0;
      String bestMerged = null;
      for (Map.Entry<String, Long> e : pairFreq.entrySet()) {
        String merged = merge(e.getKey());
        if (e.getValue() > bestFreq
            || (e.getValue() == bestFreq && merged.compareTo(bestMerged) < 0)) {
          best = e.getKey();
          bestFreq = e.getValue();
          bestMerged = merged;
        }
      }
      if (best == null || bestFreq < minFrequency) {
        break;
      }
      int cut = best.indexOf('\u0000');
      String left = best.substring(0, cut);
      String right = best.substring(cut + 1);
      for (Word w : words) {
        w.merge(left, right, bestMerged);
      }
      vocab.add(bestMerged);
    }
    return Vocabulary.of(new ArrayList<>(vocab));
  }

  private static String merge(String pairKey) {
    int cut = pairKey.indexOf('\u0000');
    return pairKey.substring(0, cut)
        + pairKey.substring(cut + 1 + WordPiece.CONTINUATION.length());
  }

  private static final class Word {
    final List<String> symbols;
    final int freq;

    Word(List<String> symbols, int freq) {
      this.symbols = symbols;
      this.freq = freq;
    }

    void merge(String left, String right, String merged) {
      for (int i = 0; i + 1 < symbols.size(); i++) {
        if (symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
          symbols.set(i, merged);
          symbols.remove(i + 1);
        }
      }
    }
  }
}
