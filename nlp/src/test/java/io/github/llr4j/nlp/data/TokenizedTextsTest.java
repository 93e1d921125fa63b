package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;

class TokenizedTextsTest {

  // ids: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, [MASK] 4, hello 5, world 6, ##s 7, good 8
  static final BertTokenizer TOK = BertTokenizer.uncased(
      Vocabulary.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s", "good")));

  @Test
  void singleTextsAreRowsOfPaddedIds() {
    TextDataset d = new TextDataset(List.of("Hello worlds", "good good good good good"), null,
        new int[] {1, 0}, List.of("a", "b"));
    TokenizedTexts t = TokenizedTexts.encode(TOK, d, 6);
    assertThat(t.exampleShape()).isEqualTo(Shape.of(6));
    assertThat(t.ids()).containsExactly(2, 5, 6, 7, 3, 0, /* truncated to 4 pieces */ 2, 8, 8, 8, 8, 3);
    assertThat(t.labels()).containsExactly(1, 0);
  }

  @Test
  void pairsArePackedIdsThenTypeIds() {
    TextDataset d = new TextDataset(List.of("hello"), List.of("world good"), new int[] {0}, List.of("a", "b"));
    TokenizedTexts t = TokenizedTexts.encode(TOK, d, 7);
    assertThat(t.exampleShape()).isEqualTo(Shape.of(2, 7));
    assertThat(t.ids()).containsExactly(2, 5, 3, 6, 8, 3, 0, 0, 0, 0, 1, 1, 1, 0);
    assertThat(t.batches().batchSize(1).build().exampleShape()).isEqualTo(Shape.of(2, 7));
  }
}
