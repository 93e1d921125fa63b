package io.github.llr4j.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicTokenizerTest {

  @Test
  void splitsPunctuationAndLowerCases() {
    assertThat(BasicTokenizer.uncased().tokenize("Hello, world!"))
        .containsExactly("hello", ",", "world", "!");
    assertThat(BasicTokenizer.cased().tokenize("Hello, world!"))
        .containsExactly("Hello", ",", "world", "!");
  }

  @Test
  void accentsWithAndWithoutStripping() {
    assertThat(new BasicTokenizer(true, true, Set.of()).tokenize("Héllo Crème BRÛLÉE"))
        .containsExactly("hello", "creme", "brulee");
    assertThat(new BasicTokenizer(true, false, Set.of()).tokenize("Héllo Crème"))
        .containsExactly("héllo", "crème");
    assertThat(new BasicTokenizer(false, true, Set.of()).tokenize("Héllo"))
        .containsExactly("Hello");
  }

  @Test
  void cjkIdeographsAreSingleTokens() {
    assertThat(BasicTokenizer.uncased().tokenize("ab中文c 日"))
        .containsExactly("ab", "中", "文", "c", "日");
  }

  @Test
  void cleansControlCharactersAndWhitespace() {
    assertThat(BasicTokenizer.uncased().tokenize("a\u0000b\uFFFDc\u200B\uE000\td\u00A0e\r\n f"))
        .containsExactly("abc", "d", "e", "f");
  }

  @Test
  void unicodeAndAsciiPunctuation() {
    // '$' and '^' are ASCII symbols BERT treats as punctuation; '«' and '—' are Unicode P*
    assertThat(BasicTokenizer.cased().tokenize("a$b^c «d—e»"))
        .containsExactly("a", "$", "b", "^", "c", "«", "d", "—", "e", "»");
  }

  @Test
  void neverSplitTokensStayWhole() {
    assertThat(BasicTokenizer.uncased().tokenize("[CLS] Hi [MASK] ! [foo] [SEP]."))
        .containsExactly("[CLS]", "hi", "[MASK]", "!", "[", "foo", "]", "[", "sep", "]", ".");
  }
}
