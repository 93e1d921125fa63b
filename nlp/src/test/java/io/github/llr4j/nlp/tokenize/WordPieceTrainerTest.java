package io.github.llr4j.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WordPieceTrainerTest {
  static final List<String> CORPUS = List.of(
      "The low lower lowest lowly; the newer newest news.",
      "Wider widest, low lows LOW! Newest news is the newest.",
      "Ça va? Voilà: 中文 text with über-long words and numbers 12345.");

  @TempDir Path dir;

  @Test
  void specialsFirstAndNoUnknownOnOwnCorpus() {
    Vocabulary v = new WordPieceTrainer(120, 2).train(CORPUS.iterator());
    assertThat(v.tokens().subList(0, 5)).containsExactly("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");
    assertThat(v.size()).isLessThanOrEqualTo(120);
    BertTokenizer tok = BertTokenizer.uncased(v);
    for (String text : CORPUS) {
      assertThat(tok.tokenize(text)).isNotEmpty().doesNotContain("[UNK]");
    }
    // "low" occurs 6 times (incl. LOW, lows/lower/lowest/lowly prefixes): it must be a piece
    assertThat(v.contains("low")).isTrue();
    assertThat(tok.tokenize("lowest")).startsWith("low");
  }

  @Test
  void respectsTargetSize() {
    Vocabulary small = new WordPieceTrainer(60, 1).train(CORPUS.iterator());
    assertThat(small.size()).isEqualTo(60);
  }

  @Test
  void minFrequencyStopsMerges() {
    List<String> corpus = List.of("ab ab ab cd");
    // alphabet by frequency then string: ##b, a (3x), ##d, c (1x) -> 5 + 4 = 9;
    // pair a ##b occurs 3x, c ##d once
    Vocabulary v3 = new WordPieceTrainer(100, 3).train(corpus.iterator());
    assertThat(v3.tokens().subList(5, v3.size())).containsExactly("##b", "a", "##d", "c", "ab");
    Vocabulary v1 = new WordPieceTrainer(100, 1).train(corpus.iterator());
    assertThat(v1.tokens().subList(5, v1.size()))
        .containsExactly("##b", "a", "##d", "c", "ab", "cd");
    Vocabulary v4 = new WordPieceTrainer(100, 4).train(corpus.iterator());
    assertThat(v4.size()).isEqualTo(9);
  }

  @Test
  void savedVocabularyRoundTrips() {
    Vocabulary v = new WordPieceTrainer(80, 2).train(CORPUS.iterator());
    Path f = dir.resolve("vocab.txt");
    v.save(f);
    Vocabulary back = Vocabulary.load(f);
    assertThat(back.tokens()).isEqualTo(v.tokens());
    assertThat(BertTokenizer.uncased(back).encode(CORPUS.get(0), 32))
        .isEqualTo(BertTokenizer.uncased(v).encode(CORPUS.get(0), 32));
  }
}
