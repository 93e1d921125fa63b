package io.github.llr4j.nlp.tokenize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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
 * than specials plus alphabet: then the rarest characters are left out. Pair counts are kept
 * incrementally (each merge recounts only the distinct words containing the pair) with a
 * priority queue of candidates, so training on a corpus of a few million words takes seconds.
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
    Map<String, Long> pairFreq = new HashMap<>();
    Map<String, Set<Integer>> pairWords = new HashMap<>();
    PriorityQueue<Candidate> queue = new PriorityQueue<>();
    for (int i = 0; i < words.size(); i++) {
      words.get(i).count(i, 1, pairFreq, pairWords, null);
    }
    pairFreq.forEach((k, f) -> queue.add(new Candidate(k, merge(k), f)));
    while (vocab.size() < targetSize) {
      Candidate best = queue.poll();
      while (best != null && best.freq != pairFreq.getOrDefault(best.key, 0L)) {
        best = queue.poll(); // stale: the pair's count changed after this entry was queued
      }
      if (best == null || best.freq < minFrequency) {
        break;
      }
      int cut = best.key.indexOf('\u0000');
      String left = best.key.substring(0, cut);
      String right = best.key.substring(cut + 1);
      Set<String> changed = new HashSet<>();
      for (int i : new ArrayList<>(pairWords.remove(best.key))) {
        Word w = words.get(i);
        w.count(i, -1, pairFreq, pairWords, changed);
        w.merge(left, right, best.merged);
        w.count(i, 1, pairFreq, pairWords, changed);
      }
      for (String k : changed) {
        Long f = pairFreq.get(k);
        if (f != null) {
          queue.add(new Candidate(k, merge(k), f));
        }
      }
      vocab.add(best.merged);
    }
    return Vocabulary.of(new ArrayList<>(vocab));
  }

  private static String merge(String pairKey) {
    int cut = pairKey.indexOf('\u0000');
    return pairKey.substring(0, cut)
        + pairKey.substring(cut + 1 + WordPiece.CONTINUATION.length());
  }

  /** A pair to merge; the queue's head is the most frequent, then the smallest merged string. */
  private record Candidate(String key, String merged, long freq) implements Comparable<Candidate> {
    @Override
    public int compareTo(Candidate o) {
      int c = Long.compare(o.freq, freq);
      if (c == 0) {
        c = merged.compareTo(o.merged);
      }
      return c != 0 ? c : key.compareTo(o.key);
    }
  }

  private static final class Word {
    final List<String> symbols;
    final int freq;

    Word(List<String> symbols, int freq) {
      this.symbols = symbols;
      this.freq = freq;
    }

    /** Adds ({@code sign} 1) or removes (-1) this word's adjacent pairs from the counts. */
    void count(int index, int sign, Map<String, Long> pairFreq, Map<String, Set<Integer>> pairWords,
        Set<String> changed) {
      for (int i = 0; i + 1 < symbols.size(); i++) {
        String key = symbols.get(i) + "\u0000" + symbols.get(i + 1);
        long f = pairFreq.getOrDefault(key, 0L) + (long) sign * freq;
        if (f == 0) {
          pairFreq.remove(key);
        } else {
          pairFreq.put(key, f);
        }
        if (sign > 0) {
          pairWords.computeIfAbsent(key, k -> new HashSet<>()).add(index);
        }
        if (changed != null) {
          changed.add(key);
        }
      }
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
