package io.github.llr4j.nlp.tokenize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyTest {
  @TempDir Path dir;

  @Test
  void roundTrip() throws Exception {
    Vocabulary v = Vocabulary.of(List.of("[PAD]", "[UNK]", "héllo", "##中", "!"));
    Path f = dir.resolve("vocab.txt");
    v.save(f);
    assertThat(Files.readString(f, StandardCharsets.UTF_8))
        .isEqualTo("[PAD]\n[UNK]\nhéllo\n##中\n!\n");
    Vocabulary back = Vocabulary.load(f);
    assertThat(back.tokens()).isEqualTo(v.tokens());
    assertThat(back.id("##中").getAsInt()).isEqualTo(3);
    assertThat(back.token(2)).isEqualTo("héllo");
    assertThat(back.id("nope")).isEmpty();
  }

  @Test
  void duplicateLineNamesFileAndLine() throws Exception {
    Path f = dir.resolve("dup.txt");
    Files.writeString(f, "a\nb\nc\nb\n");
    assertThatThrownBy(() -> Vocabulary.load(f))
        .hasMessage(f + " line 4: duplicate token 'b' (first on line 2)");
  }

  @Test
  void emptyLineNamesFileAndLine() throws Exception {
    Path f = dir.resolve("empty.txt");
    Files.writeString(f, "a\n\nc\n");
    assertThatThrownBy(() -> Vocabulary.load(f))
        .hasMessage(f + " line 2: expected a token, got an empty line");
  }

  @Test
  void rejectsBadIds() {
    Vocabulary v = Vocabulary.of(List.of("a"));
    assertThatThrownBy(() -> v.token(1)).hasMessage("id must be in [0, 1), got 1");
    assertThatThrownBy(() -> Vocabulary.of(List.of("a", "a")))
        .hasMessage("tokens must be unique, got 'a' at 0 and 1");
  }
}
