package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextTablesTest {
  @TempDir Path dir;

  private Path write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }

  @Test
  void csvWithQuotesCommasAndNewlines() throws Exception {
    Path f = write("t.csv", "id,text,label\r\n"
        + "1,plain text,spam\r\n"
        + "2,\"with, comma and \"\"quotes\"\"\",ham\r\n"
        + "3,\"two\nlines\",spam\r\n");
    TextTables.Loaded l = TextTables.read(f, TableSpec.of("text", "label"));
    TextDataset ds = l.dataset();
    assertThat(ds.texts()).containsExactly("plain text", "with, comma and \"quotes\"", "two\nlines");
    assertThat(ds.labelNames()).containsExactly("ham", "spam");
    assertThat(ds.labels()).containsExactly(1, 0, 1);
    assertThat(l.skippedRows()).isZero();
    TextDataset first = TextTables.read(f, TableSpec.of("text", "label")
        .withLabelOrder(TableSpec.LabelOrder.FIRST_APPEARANCE)).dataset();
    assertThat(first.labelNames()).containsExactly("spam", "ham");
    assertThat(first.labels()).containsExactly(0, 1, 0);
  }

  @Test
  void brokenCsvRowsNameFileAndLine() throws Exception {
    Path f = write("bad.csv", "text,label\n"
        + "ok,a\n"
        + "\"multi\nline\",b\n"
        + "too,many,fields\n"
        + "bad\"quote,a\n"
        + "\"closed\"x,a\n"
        + "fine,b\n");
    assertThatThrownBy(() -> TextTables.read(f, TableSpec.of("text", "label")))
        .hasMessage(f + " line 5: expected 2 fields, got 3");
    TextTables.Loaded l = TextTables.read(f, TableSpec.of("text", "label").withSkipBadRows(true));
    assertThat(l.skippedRows()).isEqualTo(3);
    assertThat(l.dataset().texts()).containsExactly("ok", "multi\nline", "fine");
    Path unterminated = write("open.csv", "text,label\nok,a\n\"never closed,b\n");
    assertThatThrownBy(() -> TextTables.read(unterminated, TableSpec.of("text", "label")))
        .hasMessageStartingWith(unterminated + " line 3: unterminated quoted field");
  }

  @Test
  void tsvPairsWithNumericLabels() throws Exception {
    Path f = write("p.tsv", "label\tsentence1\tsentence2\n"
        + "10\tA \"quoted\" one\tB\n"
        + "2\tC\tD\n"
        + "\n"
        + "10\tE\tF\n");
    TextDataset ds = TextTables.read(f, TableSpec.of("sentence1", "label").withSecondText("sentence2"))
        .dataset();
    assertThat(ds.texts()).containsExactly("A \"quoted\" one", "C", "E");
    assertThat(ds.secondTexts()).containsExactly("B", "D", "F");
    assertThat(ds.labelNames()).containsExactly("2", "10");
    assertThat(ds.labels()).containsExactly(1, 0, 1);
    assertThatThrownBy(() -> TextTables.read(f, TableSpec.of("text", "label")))
        .hasMessage(f + " line 1: expected a column 'text', got columns [label, sentence1, sentence2]");
  }

  @Test
  void jsonLines() throws Exception {
    Path f = write("d.jsonl", "{\"text\": \"good \\u00e9\", \"label\": \"pos\"}\n"
        + "\n"
        + "{\"text\": \"bad\", \"label\": 0}\n"
        + "{\"text\": \"broken\", \n"
        + "{\"label\": \"neg\"}\n"
        + "[1, 2]\n"
        + "{\"text\": \"last\", \"label\": \"neg\"}\n");
    assertThatThrownBy(() -> TextTables.read(f, TableSpec.of("text", "label")))
        .hasMessageStartingWith(f + " line 4: expected a JSON object");
    TextTables.Loaded l = TextTables.read(f, TableSpec.of("text", "label").withSkipBadRows(true));
    assertThat(l.skippedRows()).isEqualTo(3);
    assertThat(l.dataset().texts()).containsExactly("good é", "bad", "last");
    assertThat(l.dataset().labelNames()).containsExactly("0", "neg", "pos");
    assertThat(l.dataset().labels()).containsExactly(2, 0, 1);
  }

  @Test
  void unknownExtension() throws Exception {
    Path f = write("d.txt", "x");
    assertThatThrownBy(() -> TextTables.read(f, TableSpec.of("text", "label")))
        .hasMessage("file must end in .csv, .tsv, .jsonl or .json, got " + f);
  }
}
