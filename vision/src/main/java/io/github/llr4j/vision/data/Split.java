package io.github.llr4j.vision.data;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded train/validation split. Stratified: within each class the examples are shuffled with
 * {@code new Random(seed)} and the first {@code round(count*fraction)} go to validation, so class
 * proportions are kept; both parts keep the original example order.
 */
public record Split(ImageDataset train, ImageDataset validation) {

  /** Splits {@code data}, putting about {@code fraction} of each class into validation. */
  public static Split stratified(ImageDataset data, double fraction, long seed) {
    Require.that(fraction > 0 && fraction < 1, "fraction", "be in (0, 1)", fraction);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < data.numClasses(); c++) byClass.add(new ArrayList<>());
    for (int i = 0; i < data.size(); i++) byClass.get(data.labels()[i]).add(i);
    Random rnd = new Random(seed);
    boolean[] val = new boolean[data.size()];
    for (List<Integer> idx : byClass) {
      java.util.Collections.shuffle(idx, rnd);
      int k = (int) Math.round(idx.size() * fraction);
      for (int j = 0; j < k; j++) val[idx.get(j)] = true;
    }
    int nv = 0;
    for (boolean v : val) if (v) nv++;
    int[] vi = new int[nv], ti = new int[data.size() - nv];
    int a = 0, b = 0;
    for (int i = 0; i < val.length; i++) if (val[i]) vi[a++] = i; else ti[b++] = i;
    return new Split(data.subset(ti), data.subset(vi));
  }
}
