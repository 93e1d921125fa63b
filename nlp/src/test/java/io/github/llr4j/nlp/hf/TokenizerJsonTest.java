package io.github.llr4j.nlp.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.llr4j.nlp.tokenize.BertTokenizer;
import io.github.llr4j.nlp.tokenize.Encoding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * all-MiniLM-L6-v2's tokenizer.json (BertNormalizer lowercase + strip accents + Chinese chars +
 * clean text, BertPreTokenizer, WordPiece "##" / 100 chars, TemplateProcessing, truncation 128).
 * Every expected id was looked up in the file's vocabulary after applying its declared rules by
 * hand; the pieces are in the comments.
 */
class TokenizerJsonTest {
  static TokenizerJson json;
  static BertTokenizer tok;

  @TempDir Path dir;

  @BeforeAll
  static void read() {
    json = TokenizerJson.read(MiniLm.tokenizer());
    tok = json.tokenizer();
  }

  private static int[] real(String text) {
    Encoding e = tok.encode(text, 64);
    int n = 0;
    while (n < 64 && e.mask()[n] == 1) n++;
    return Arrays.copyOf(e.ids(), n);
  }

  @Test
  void declaredSettings() {
    assertThat(tok.vocabulary().size()).isEqualTo(30522);
    assertThat(json.lowerCase()).isTrue();
    assertThat(json.stripAccents()).as("strip_accents null follows lowercase").isTrue();
    assertThat(json.truncation()).isEqualTo(128);
    assertThat(tok.wordPiece().maxCharsPerWord()).isEqualTo(100);
  }

  @Test
  void idsOnTrickyStrings() {
    // [CLS] hello , world ! [SEP]: lower-cased, accents stripped (é -> e, Ö -> o), punctuation split
    assertThat(real("Héllo, WÖRLD!")).containsExactly(101, 7592, 1010, 2088, 999, 102);
    // every CJK ideograph is its own word; 字 is not in the vocabulary -> [UNK] (100)
    assertThat(real("中文字 and 日本")).containsExactly(101, 1746, 1861, 100, 1998, 1864, 1876, 102);
    // don ' t stop . . . ( really ) ?
    assertThat(real("don't stop... (really)?"))
        .containsExactly(101, 2123, 1005, 1056, 2644, 1012, 1012, 1012, 1006, 2428, 1007, 1029, 102);
    // i [UNK] pizza [UNK]: neither ❤ (So) nor 😀 is punctuation or in the vocabulary
    assertThat(real("I \u2764 pizza \uD83D\uDE00")).containsExactly(101, 1045, 100, 10733, 100, 102);
    // 101 characters > max_input_chars_per_word 100 -> [UNK]
    assertThat(real("a".repeat(101))).containsExactly(101, 100, 102);
    // una ##ffa ##ble token ##ization
    assertThat(real("unaffable tokenization")).containsExactly(101, 14477, 20961, 3468, 19204, 3989, 102);
    // naive cafe resume
    assertThat(real("naïve café résumé")).containsExactly(101, 15743, 7668, 13746, 102);
    // clean text: NUL and the zero-width space (Cf) dropped, tab -> space: "xy z w" -> x ##y z ##w
    assertThat(real("x\u0000y\tz\u200bw")).containsExactly(101, 1060, 2100, 1062, 2860, 102);
    // special tokens standing as words stay whole
    assertThat(real("[CLS] hello [SEP]")).containsExactly(101, 101, 7592, 102, 102);
  }

  @Test
  void pairsTruncateLongestFirstWithTypeIds() {
    // budget 8 - 3 = 5: "one two three four five" loses its last two pieces, "six seven" keeps both
    Encoding e = tok.encode("one two three four five", "six seven", 8);
    assertThat(e.ids()).containsExactly(101, 2028, 2048, 2093, 102, 2416, 2698, 102);
    assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 0, 1, 1, 1);
  }

  private Path edited(Consumer<ObjectNode> edit) throws IOException {
    ObjectMapper om = new ObjectMapper();
    ObjectNode root = (ObjectNode) om.readTree(MiniLm.tokenizer().toFile());
    edit.accept(root);
    Path f = dir.resolve("tokenizer.json");
    om.writeValue(f.toFile(), root);
    return f;
  }

  @Test
  void unsupportedComponentsAreRefusedByName() throws IOException {
    Path bpe = edited(r -> ((ObjectNode) r.get("model")).put("type", "BPE"));
    assertThatThrownBy(() -> TokenizerJson.read(bpe)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bpe.toString()).hasMessageContaining("model must be type WordPiece").hasMessageContaining("BPE");
    Path norm = edited(r -> r.putObject("normalizer").put("type", "NFKC"));
    assertThatThrownBy(() -> TokenizerJson.read(norm)).hasMessageContaining("normalizer must be type BertNormalizer")
        .hasMessageContaining("NFKC");
    Path chinese = edited(r -> ((ObjectNode) r.get("normalizer")).put("handle_chinese_chars", false));
    assertThatThrownBy(() -> TokenizerJson.read(chinese)).hasMessageContaining("normalizer.handle_chinese_chars");
    Path pre = edited(r -> r.putObject("pre_tokenizer").put("type", "Metaspace"));
    assertThatThrownBy(() -> TokenizerJson.read(pre)).hasMessageContaining("pre_tokenizer").hasMessageContaining("Metaspace");
    Path post = edited(r -> r.putObject("post_processor").put("type", "RobertaProcessing"));
    assertThatThrownBy(() -> TokenizerJson.read(post)).hasMessageContaining("post_processor")
        .hasMessageContaining("RobertaProcessing");
    Path prefix = edited(r -> ((ObjectNode) r.get("model")).put("continuing_subword_prefix", "@@"));
    assertThatThrownBy(() -> TokenizerJson.read(prefix)).hasMessageContaining("continuing_subword_prefix")
        .hasMessageContaining("@@");
    Path trunc = edited(r -> ((ObjectNode) r.get("truncation")).put("strategy", "OnlySecond"));
    assertThatThrownBy(() -> TokenizerJson.read(trunc)).hasMessageContaining("truncation.strategy")
        .hasMessageContaining("OnlySecond");
  }

  @Test
  void declaredOptionsAreFollowed() throws IOException {
    // lowercase false with strip_accents null: neither (cased vocabulary lookups: "Hello" is not in it)
    Path cased = edited(r -> ((ObjectNode) r.get("normalizer")).put("lowercase", false));
    TokenizerJson c = TokenizerJson.read(cased);
    assertThat(c.lowerCase()).isFalse();
    assertThat(c.stripAccents()).isFalse();
    Path chars = edited(r -> ((ObjectNode) r.get("model")).put("max_input_chars_per_word", 4));
    // "hello" has 5 characters > 4 -> [UNK]; "hell" has 4 and is a word of the vocabulary (3109)
    Encoding e = TokenizerJson.read(chars).tokenizer().encode("hello hell", 4);
    assertThat(e.ids()).containsExactly(101, 100, 3109, 102);
  }
}
