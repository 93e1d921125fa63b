package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextDatasetTest {

  static TextDataset dataset(int ham, int spam) {
    List<String> texts = new ArrayList<>();
    int[] labels = new int[ham + spam];
    for (int i = 0; i < ham + spam; i++) {
      texts.add("t" + i);
      labels[i] = i < ham ? 0 : 1;
    }
    return new TextDataset(texts, null, labels, List.of("ham", "spam"));
  }

  @Test
  void stratifiedSplitKeepsClassRatios() {
    TextDataset ds = dataset(700, 300);
    TextDataset.Split s = ds.split(0.8, 0.1, 42);
    assertThat(s.train().classCounts()).containsExactly(560, 240);
    assertThat(s.validation().classCounts()).containsExactly(70, 30);
    assertThat(s.test().classCounts()).containsExactly(70, 30);
    Set<String> all = new HashSet<>(s.train().texts());
    all.addAll(s.validation().texts());
    all.addAll(s.test().texts());
    assertThat(all).hasSize(1000);
    // labels travel with their texts: text "t<i>" is ham iff i < 700
    for (int i = 0; i < s.test().size(); i++) {
      int idx = Integer.parseInt(s.test().texts().get(i).substring(1));
      assertThat(s.test().label(i)).isEqualTo(idx < 700 ? 0 : 1);
    }
  }

  @Test
  void splitIsSeeded() {
    TextDataset ds = dataset(50, 17);
    assertThat(ds.split(0.6, 0.2, 7).train().texts())
        .isEqualTo(ds.split(0.6, 0.2, 7).train().texts());
    assertThat(ds.split(0.6, 0.2, 7).train().texts())
        .isNotEqualTo(ds.split(0.6, 0.2, 8).train().texts());
    // 17 spam: round(10.2) = 10 train, round(3.4) = 3 validation, 4 test
    assertThat(ds.split(0.6, 0.2, 7).test().classCounts()).containsExactly(10, 4);
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new TextDataset(List.of("a"), null, new int[] {2}, List.of("x", "y")))
        .hasMessage("label 0 must be in [0, 2), got 2");
    assertThatThrownBy(() -> new TextDataset(List.of("a"), List.of(), new int[] {0}, List.of("x")))
        .hasMessage("secondTexts must have one entry per text (1), got 0");
    assertThatThrownBy(() -> dataset(2, 2).split(0.8, 0.3, 1))
        .hasMessageStartingWith("trainFraction and validationFraction must be >= 0 with sum <= 1");
  }
}
