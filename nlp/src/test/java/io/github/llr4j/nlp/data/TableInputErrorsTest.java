package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables that are not UTF-8 or have empty fields: refused naming the file, line (and byte). */
class TableInputErrorsTest {
  @TempDir Path dir;

  @Test
  void nonUtf8BytesNameLineAndOffset() throws Exception {
    byte[] head = "text,label\nfine,a\ncaf".getBytes(StandardCharsets.US_ASCII);
    byte[] tail = " au lait,b\n".getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xE9; // Latin-1 e-acute
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Path f = Files.write(dir.resolve("latin1.csv"), all);
    assertThatThrownBy(() -> TextTables.read(f, TableSpec.of("text", "label")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(f + " line 3, byte offset 21: not valid UTF-8 (byte 0xE9); save the table as"
            + " UTF-8");
  }

  @Test
  void emptyTextOrLabelIsABadRow() throws Exception {
    Path csv = Files.writeString(dir.resolve("t.csv"), "text,label\nok,a\n,b\nalso ok,a\n");
    assertThatThrownBy(() -> TextTables.read(csv, TableSpec.of("text", "label")))
        .hasMessage(csv + " line 3: the field 'text' is empty");
    TextTables.Loaded l = TextTables.read(csv, TableSpec.of("text", "label").withSkipBadRows(true));
    assertThat(l.skippedRows()).isEqualTo(1);
    assertThat(l.dataset().texts()).containsExactly("ok", "also ok");

    Path tsv = Files.writeString(dir.resolve("t.tsv"), "text\tlabel\nok\ta\nblank label\t \n");
    assertThatThrownBy(() -> TextTables.read(tsv, TableSpec.of("text", "label")))
        .hasMessage(tsv + " line 3: the field 'label' is empty");

    Path jsonl = Files.writeString(dir.resolve("t.jsonl"),
        "{\"text\": \"ok\", \"label\": 1}\n{\"text\": \"   \", \"label\": 0}\n");
    assertThatThrownBy(() -> TextTables.read(jsonl, TableSpec.of("text", "label")))
        .hasMessage(jsonl + " line 2: the field 'text' is empty");
  }
}
