package io.github.llr4j.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterleavedTimingTest {

  @Test
  void rotatesTheStartingVariantAndCountsEveryCall() {
    List<String> calls = new ArrayList<>();
    List<InterleavedTiming.Variant> v = List.of(
        new InterleavedTiming.Variant("a", () -> calls.add("a")),
        new InterleavedTiming.Variant("b", () -> calls.add("b")),
        new InterleavedTiming.Variant("c", () -> calls.add("c")));
    Map<String, InterleavedTiming.Times> t = InterleavedTiming.run(v, 1, 3, 2);
    // warm-up a b c, then rounds starting at a, b, c with two calls per turn
    assertThat(String.join("", calls)).isEqualTo("abc" + "aabbcc" + "bbccaa" + "ccaabb");
    assertThat(t.get("b").ms()).hasSize(6);
  }

  @Test
  void slowerVariantHasTheLargerMedian() {
    Map<String, InterleavedTiming.Times> t = InterleavedTiming.run(List.of(
        new InterleavedTiming.Variant("fast", () -> {}),
        new InterleavedTiming.Variant("slow", () -> sleep(3))), 0, 5, 1);
    assertThat(t.get("slow").median()).isGreaterThan(2.5);
    assertThat(t.get("fast").median()).isLessThan(t.get("slow").median());
  }

  @Test
  void quantilesInterpolateSortedTimes() {
    InterleavedTiming.Times t = new InterleavedTiming.Times("x", new double[] {1, 2, 3, 10}, new double[] {2, 4});
    InterleavedTiming.Times base = new InterleavedTiming.Times("b", new double[] {1, 1}, new double[] {1, 8});
    assertThat(t.pairedRatio(base)).isCloseTo((2.0 + 0.5) / 2, within(1e-12));
    // bootstrap over the round ratios {2, 0.5}: medians 2, 0.5 (p 1/4 each) or 1.25 (p 1/2),
    // standard deviation sqrt(0.5 * 0.75^2) = 0.530
    assertThat(t.pairedRatioStandardError(base, 20_000, 1)).isCloseTo(0.530, within(0.01));
    InterleavedTiming.Times same = new InterleavedTiming.Times("s", new double[] {2, 16}, new double[] {2, 16});
    assertThat(same.pairedRatioStandardError(base, 100, 1)).isCloseTo(0, within(1e-12));
    assertThat(t.median()).isCloseTo(2.5, within(1e-12));
    assertThat(t.quantile(0.25)).isCloseTo(1.75, within(1e-12));
    assertThat(t.quantile(1)).isEqualTo(10);
    InterleavedTiming.Times joined = InterleavedTiming.Times.concat(List.of(t, same));
    assertThat(joined.ms()).containsExactly(1, 2, 2, 3, 10, 16);
    assertThat(joined.roundMedians()).containsExactly(2, 4, 2, 16);
    assertThatThrownBy(() -> InterleavedTiming.run(List.of(), 0, 1, 1))
        .hasMessageContaining("variants must not be empty");
  }

  @Test
  void standaloneRunsEachVariantAloneAndRatiosItsMedians() {
    List<String> calls = new ArrayList<>();
    Map<String, InterleavedTiming.Times> t = InterleavedTiming.standalone(List.of(
        new InterleavedTiming.Variant("a", () -> calls.add("a")),
        new InterleavedTiming.Variant("b", () -> calls.add("b"))), 1, 3);
    // a's warm-up and steps all run before any of b's
    assertThat(String.join("", calls)).isEqualTo("aaaabbbb");
    assertThat(t.get("a").ms()).hasSize(3);
    InterleavedTiming.Times x = new InterleavedTiming.Times("x", new double[] {2, 2, 2}, new double[] {2, 2, 2});
    InterleavedTiming.Times base = new InterleavedTiming.Times("b", new double[] {1, 1, 4}, new double[] {4, 1, 1});
    assertThat(x.unpairedRatio(base)).isCloseTo(2, within(1e-12));
    // x's resamples all have median 2; base's median is 1 unless two or three of its 3 draws are 4
    // (p = 3 (1/3)^2 (2/3) + (1/3)^3 = 7/27): ratio 2 (p 20/27) or 0.5 (p 7/27), sd 1.5 sqrt(p (1 - p))
    double p = 7.0 / 27;
    assertThat(x.unpairedRatioStandardError(base, 20_000, 1)).isCloseTo(1.5 * Math.sqrt(p * (1 - p)), within(0.01));
    assertThatThrownBy(() -> InterleavedTiming.standalone(List.of(new InterleavedTiming.Variant("a", () -> {})), 0, 0))
        .hasMessageContaining("steps");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
