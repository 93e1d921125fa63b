package io.github.llr4j.nlp.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Texts (or text pairs) with integer class labels.
 *
 * @param texts the texts, one per example
 * @param secondTexts the second text of each pair, or null for single-text data
 * @param labels class ids in {@code [0, labelNames.size())}, one per example
 * @param labelNames name of each class id
 */
public record TextDataset(List<String> texts, List<String> secondTexts, int[] labels,
    List<String> labelNames) {

  public TextDataset {
    texts = List.copyOf(texts);
    secondTexts = secondTexts == null ? null : List.copyOf(secondTexts);
    labels = labels.clone();
    labelNames = List.copyOf(labelNames);
    if (labels.length != texts.size()) {
      throw new IllegalArgumentException("labels must have one entry per text (" + texts.size()
          + "), got " + labels.length);
    }
    if (secondTexts != null && secondTexts.size() != texts.size()) {
      throw new IllegalArgumentException("secondTexts must have one entry per text ("
          + texts.size() + "), got " + secondTexts.size());
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= labelNames.size()) {
        throw new IllegalArgumentException("label " + i + " must be in [0, " + labelNames.size()
            + "), got " + labels[i]);
      }
    }
  }

  @Override
  public int[] labels() {
    return labels.clone();
  }

  public int size() {
    return texts.size();
  }

  public boolean hasPairs() {
    return secondTexts != null;
  }

  public int label(int i) {
    return labels[i];
  }

  /** Number of examples of each class id. */
  public int[] classCounts() {
    int[] counts = new int[labelNames.size()];
    for (int l : labels) {
      counts[l]++;
    }
    return counts;
  }

  /** The examples at {@code indices}, in that order, with the same label names. */
  public TextDataset subset(List<Integer> indices) {
    List<String> t = new ArrayList<>(indices.size());
    List<String> s = secondTexts == null ? null : new ArrayList<>(indices.size());
    int[] l = new int[indices.size()];
    for (int k = 0; k < indices.size(); k++) {
      int i = indices.get(k);
      t.add(texts.get(i));
      if (s != null) {
        s.add(secondTexts.get(i));
      }
      l[k] = labels[i];
    }
    return new TextDataset(t, s, l, labelNames);
  }

  /**
   * Seeded stratified split: within each class the examples are shuffled (one {@link Random} of
   * {@code seed} over the classes in id order), the first {@code round(n * trainFraction)} go to
   * train, the next {@code round(n * validationFraction)} to validation, the rest to test; each part
   * is then shuffled so classes interleave. The same seed gives the same split.
   */
  public Split split(double trainFraction, double validationFraction, long seed) {
    if (!(trainFraction >= 0 && validationFraction >= 0
        && trainFraction + validationFraction <= 1)) {
      throw new IllegalArgumentException("trainFraction and validationFraction must be >= 0 with"
          + " sum <= 1, got " + trainFraction + " and " + validationFraction);
    }
    Random random = new Random(seed);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < labelNames.size(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < labels.length; i++) {
      byClass.get(labels[i]).add(i);
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> val = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> members : byClass) {
      Collections.shuffle(members, random);
      int n = members.size();
      int nTrain = (int) Math.round(n * trainFraction);
      int nVal = Math.min(n - nTrain, (int) Math.round(n * validationFraction));
      train.addAll(members.subList(0, nTrain));
      val.addAll(members.subList(nTrain, nTrain + nVal));
      test.addAll(members.subList(nTrain + nVal, n));
    }
    Collections.shuffle(train, random);
    Collections.shuffle(val, random);
    Collections.shuffle(test, random);
    return new Split(subset(train), subset(val), subset(test));
  }

  /** Train, validation and test parts of a {@link #split}. */
  public record Split(TextDataset train, TextDataset validation, TextDataset test) {}
}
