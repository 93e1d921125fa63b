package io.github.llr4j.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordPieceTest {
  static final Vocabulary VOCAB = Vocabulary.of(List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]",
      "[MASK]", "un", "##aff", "##able", "want", "##want", "##ed", "wa", "runn", "##ing", ",",
      "a", "##a", "!", "hello", "world", "u", "##n"));

  @Test
  void greedyLongestMatchWithContinuation() {
    WordPiece wp = new WordPiece(VOCAB);
    assertThat(wp.split("unaffable")).containsExactly("un", "##aff", "##able");
    assertThat(wp.split("unwanted")).containsExactly("un", "##want", "##ed");
    assertThat(wp.split("running")).containsExactly("runn", "##ing");
    assertThat(wp.split("aaa")).containsExactly("a", "##a", "##a");
  }

  @Test
  void uncoverableWordIsUnknown() {
    WordPiece wp = new WordPiece(VOCAB);
    assertThat(wp.split("unaffablex")).containsExactly("[UNK]");
    assertThat(wp.split("xyz")).containsExactly("[UNK]");
  }

  @Test
  void wordOverTheLimitIsUnknown() {
    WordPiece wp = new WordPiece(VOCAB, "[UNK]", 5);
    assertThat(wp.split("aaaaa")).containsExactly("a", "##a", "##a", "##a", "##a");
    assertThat(wp.split("aaaaaa")).containsExactly("[UNK]");
    assertThat(new WordPiece(VOCAB).split("a".repeat(100))).hasSize(100);
    assertThat(new WordPiece(VOCAB).split("a".repeat(101))).containsExactly("[UNK]");
  }

  @Test
  void validates() {
    assertThatThrownBy(() -> new WordPiece(VOCAB, "[UNK]", 0))
        .hasMessage("maxCharsPerWord must be >= 1, got 0");
    assertThatThrownBy(() -> new WordPiece(VOCAB, "<unk>", 10))
        .hasMessageContaining("must contain '<unk>'");
  }
}
