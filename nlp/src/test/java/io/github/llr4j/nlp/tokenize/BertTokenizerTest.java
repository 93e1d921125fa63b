package io.github.llr4j.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BertTokenizerTest {
  // ids: [PAD]0 [UNK]1 [CLS]2 [SEP]3 [MASK]4 un5 ##aff6 ##able7 want8 ##want9 ##ed10 wa11
  //      runn12 ##ing13 ,14 a15 ##a16 !17 hello18 world19
  final BertTokenizer tok = BertTokenizer.uncased(WordPieceTest.VOCAB);

  @Test
  void tokenizesWithUnknowns() {
    assertThat(tok.tokenize("UnAffable, Hello  world! xyz"))
        .containsExactly("un", "##aff", "##able", ",", "hello", "world", "!", "[UNK]");
  }

  @Test
  void singleTextPadded() {
    Encoding e = tok.encode("Hello world!", 8);
    assertThat(e.ids()).containsExactly(2, 18, 19, 17, 3, 0, 0, 0);
    assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(e.mask()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0);
  }

  @Test
  void pairPaddedWithTypeIds() {
    Encoding e = tok.encode("unwanted", "hello", 9);
    assertThat(e.ids()).containsExactly(2, 5, 9, 10, 3, 18, 3, 0, 0);
    assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 0, 0);
    assertThat(e.mask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 0, 0);
  }

  @Test
  void pairTruncatedLongestFirst() {
    // a = un ##aff ##able , hello (5 pieces), b = world ! (2 pieces); budget 8 - 3 = 5:
    // drop from a until 3 = ... a(3)+b(2)=5
    Encoding e = tok.encode("unaffable, hello", "world!", 8);
    assertThat(e.ids()).containsExactly(2, 5, 6, 7, 3, 19, 17, 3);
    assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
    assertThat(e.mask()).containsExactly(1, 1, 1, 1, 1, 1, 1, 1);
    // equal lengths: b loses first; budget 2 from a(2)+b(2) -> a(1)+b(1)
    Encoding eq = tok.encode("hello world", "un wa", 5);
    assertThat(eq.ids()).containsExactly(2, 18, 3, 5, 3);
    assertThat(eq.typeIds()).containsExactly(0, 0, 0, 1, 1);
  }

  @Test
  void singleTextTruncated() {
    assertThat(tok.encode("hello world hello", 4).ids()).containsExactly(2, 18, 19, 3);
  }

  @Test
  void rejectsTooShortMaxLength() {
    assertThatThrownBy(() -> tok.encode("a", "b", 2))
        .hasMessageStartingWith("maxLength must be >= 3");
  }
}
