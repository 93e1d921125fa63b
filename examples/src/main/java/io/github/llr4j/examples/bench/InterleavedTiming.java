package io.github.llr4j.examples.bench;

import io.github.llr4j.core.check.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Times several step functions against each other. Each gets {@code warmup} untimed calls; then
 * {@code rounds} rounds run {@code stepsPerTurn} timed calls of every variant, starting each round
 * at a different variant so no variant always follows the same one.
 */
public final class InterleavedTiming {

  /** One variant under test: a name and one step (e.g. a training step). */
  public record Variant(String name, Runnable step) {}

  /**
   * Per-step wall times of one variant in milliseconds, sorted, and the median of each round's
   * turn (in round order), for ratios paired within a round.
   */
  public record Times(String name, double[] ms, double[] roundMedians) {
    /**
     * Median over rounds of this variant's round median divided by {@code base}'s in the same
     * round: neighbouring turns share the machine's state, so drift cancels.
     */
    public double pairedRatio(Times base) {
      return medianOf(roundRatios(base));
    }

    /**
     * Standard error of {@link #pairedRatio}: the standard deviation of the median over
     * {@code resamples} bootstrap resamples of the rounds (seeded, so a run prints the same value
     * for the same times). Tells whether a ratio's distance from 1 is cost or noise.
     */
    public double pairedRatioStandardError(Times base, int resamples, long seed) {
      double[] r = roundRatios(base);
      java.util.Random rnd = new java.util.Random(seed);
      double sum = 0, sumSq = 0;
      double[] sample = new double[r.length];
      for (int b = 0; b < resamples; b++) {
        for (int i = 0; i < r.length; i++) sample[i] = r[rnd.nextInt(r.length)];
        double m = medianOf(sample);
        sum += m;
        sumSq += m * m;
      }
      double mean = sum / resamples;
      return Math.sqrt(Math.max(0, sumSq / resamples - mean * mean));
    }

    /**
     * This variant's median over {@code base}'s, for times not taken in shared rounds (each
     * variant timed alone, {@link #standalone}).
     */
    public double unpairedRatio(Times base) {
      return median() / base.median();
    }

    /**
     * Standard error of {@link #unpairedRatio}: each variant's steps resampled on their own (seeded
     * bootstrap), the standard deviation of the ratio of the resampled medians.
     */
    public double unpairedRatioStandardError(Times base, int resamples, long seed) {
      java.util.Random rnd = new java.util.Random(seed);
      double sum = 0, sumSq = 0;
      for (int b = 0; b < resamples; b++) {
        double q = medianOf(resample(ms, rnd)) / medianOf(resample(base.ms, rnd));
        sum += q;
        sumSq += q * q;
      }
      double mean = sum / resamples;
      return Math.sqrt(Math.max(0, sumSq / resamples - mean * mean));
    }

    private static double[] resample(double[] values, java.util.Random rnd) {
      double[] out = new double[values.length];
      for (int i = 0; i < out.length; i++) out[i] = values[rnd.nextInt(values.length)];
      return out;
    }

    private double[] roundRatios(Times base) {
      double[] r = new double[roundMedians.length];
      for (int i = 0; i < r.length; i++) r[i] = roundMedians[i] / base.roundMedians[i];
      return r;
    }

    private static double medianOf(double[] values) {
      double[] sorted = values.clone();
      Arrays.sort(sorted);
      return quantileOfSorted(sorted, 0.5);
    }

    /** The times of several blocks of rounds of one variant, as one: all steps, rounds in order. */
    public static Times concat(List<Times> parts) {
      if (parts == null || parts.isEmpty()) throw new IllegalArgumentException("parts must not be empty");
      double[] ms = parts.stream().flatMapToDouble(t -> Arrays.stream(t.ms())).sorted().toArray();
      double[] rounds = parts.stream().flatMapToDouble(t -> Arrays.stream(t.roundMedians())).toArray();
      return new Times(parts.get(0).name(), ms, rounds);
    }

    public double median() { return quantile(0.5); }

    /** Linear-interpolated quantile q in [0, 1]. */
    public double quantile(double q) {
      return quantileOfSorted(ms, q);
    }

    private static double quantileOfSorted(double[] sorted, double q) {
      double pos = q * (sorted.length - 1);
      int lo = (int) Math.floor(pos);
      int hi = Math.min(lo + 1, sorted.length - 1);
      return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
  }

  private InterleavedTiming() {}

  /**
   * Times each variant alone, one after the other: {@code warmup} untimed then {@code steps} timed
   * calls, while the others wait. The reference point for interleaved times: what each framework
   * does with the machine to itself (its rounds are single steps, so use the unpaired ratios).
   */
  public static Map<String, Times> standalone(List<Variant> variants, int warmup, int steps) {
    Require.atLeast("steps", steps, 1);
    Map<String, Times> out = new LinkedHashMap<>();
    for (Variant v : variants) out.putAll(run(List.of(v), warmup, steps, 1));
    return out;
  }

  public static Map<String, Times> run(List<Variant> variants, int warmup, int rounds, int stepsPerTurn) {
    return run(variants, warmup, rounds, stepsPerTurn, () -> {});
  }

  /** As {@link #run(List, int, int, int)}, calling {@code afterWarmup} before the first timed step. */
  public static Map<String, Times> run(List<Variant> variants, int warmup, int rounds, int stepsPerTurn,
      Runnable afterWarmup) {
    if (variants == null || variants.isEmpty())
      throw new IllegalArgumentException("variants must not be empty");
    Require.atLeast("warmup", warmup, 0);
    Require.atLeast("rounds", rounds, 1);
    Require.atLeast("stepsPerTurn", stepsPerTurn, 1);
    for (Variant v : variants) for (int i = 0; i < warmup; i++) v.step().run();
    afterWarmup.run();
    int n = variants.size();
    List<double[]> times = new ArrayList<>();
    for (int i = 0; i < n; i++) times.add(new double[rounds * stepsPerTurn]);
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < n; j++) {
        int k = (r + j) % n;
        Runnable step = variants.get(k).step();
        for (int s = 0; s < stepsPerTurn; s++) {
          long t0 = System.nanoTime();
          step.run();
          times.get(k)[r * stepsPerTurn + s] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    Map<String, Times> out = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      double[] a = times.get(i);
      double[] rm = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        rm[r] = Times.medianOf(Arrays.copyOfRange(a, r * stepsPerTurn, (r + 1) * stepsPerTurn));
      }
      Arrays.sort(a);
      out.put(variants.get(i).name(), new Times(variants.get(i).name(), a, rm));
    }
    return out;
  }
}
