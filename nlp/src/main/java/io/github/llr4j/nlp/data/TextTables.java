package io.github.llr4j.nlp.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads text classification tables: CSV (RFC 4180: comma separated, fields may be double-quoted,
 * a quote inside a quoted field is doubled, quoted fields may span lines), TSV (tab separated, one
 * row per line, no quoting, as in GLUE's files) and JSON Lines (one object per line, blank lines
 * ignored; a label may be a string or a number). The first CSV/TSV row is the header; columns are
 * chosen by name. All files are UTF-8.
 *
 * <p>A malformed row (wrong field count, unterminated or misplaced quote, invalid JSON, missing or
 * null column, an empty or blank text or label) is an {@link IllegalArgumentException} naming the
 * file and the 1-based line where the row starts, unless {@link TableSpec#skipBadRows()}: then it
 * is skipped and counted. Bytes that are not UTF-8 are always an error naming the line and the
 * byte offset.
 */
public final class TextTables {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TextTables() {}

  /** A loaded table and the number of malformed rows skipped. */
  public record Loaded(TextDataset dataset, int skippedRows) {}

  /** Reads by file extension: {@code .csv}, {@code .tsv}, {@code .jsonl} or {@code .json}. */
  public static Loaded read(Path file, TableSpec spec) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return readCsv(file, spec);
    } else if (name.endsWith(".tsv")) {
      return readTsv(file, spec);
    } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
      return readJsonLines(file, spec);
    }
    throw new IllegalArgumentException("file must end in .csv, .tsv, .jsonl or .json, got " + file);
  }

  public static Loaded readCsv(Path file, TableSpec spec) {
    return readDelimited(file, spec, CsvRecords.parse(readText(file), ',', true));
  }

  public static Loaded readTsv(Path file, TableSpec spec) {
    return readDelimited(file, spec, CsvRecords.parse(readText(file), '\t', false));
  }

  public static Loaded readJsonLines(Path file, TableSpec spec) {
    Rows rows = new Rows(file, spec);
    String[] lines = readText(file).split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      int lineNo = i + 1;
      JsonNode node;
      try {
        node = JSON.readTree(lines[i]);
      } catch (JsonProcessingException e) {
        rows.bad(lineNo, "expected a JSON object (" + e.getOriginalMessage() + ")");
        continue;
      }
      if (node == null || !node.isObject()) {
        rows.bad(lineNo, "expected a JSON object");
        continue;
      }
      String text = field(node, spec.textColumn());
      String second = spec.secondTextColumn() == null ? "" : field(node, spec.secondTextColumn());
      String label = field(node, spec.labelColumn());
      if (text == null || second == null || label == null) {
        rows.bad(lineNo, "expected fields '" + spec.textColumn() + "'"
            + (spec.secondTextColumn() == null ? "" : ", '" + spec.secondTextColumn() + "'")
            + " and '" + spec.labelColumn() + "' with non-null scalar values");
        continue;
      }
      String empty = rows.emptyField(text, second, label);
      if (empty != null) {
        rows.bad(lineNo, empty);
        continue;
      }
      rows.add(text, second, label);
    }
    return rows.finish();
  }

  private static String field(JsonNode node, String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }

  private static Loaded readDelimited(Path file, TableSpec spec, CsvRecords records) {
    if (records.rows().isEmpty() && records.badLines().isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a header row, got an empty file");
    }
    if (records.rows().isEmpty() || (!records.badLines().isEmpty()
        && records.badLines().get(0) < records.lines().get(0))) {
      throw new IllegalArgumentException(file + " line " + records.badLines().get(0)
          + ": malformed header row, " + records.badReasons().get(0));
    }
    List<String> header = records.rows().get(0);
    int text = column(file, header, spec.textColumn());
    int second = spec.secondTextColumn() == null ? -1 : column(file, header, spec.secondTextColumn());
    int label = column(file, header, spec.labelColumn());
    Rows rows = new Rows(file, spec);
    java.util.TreeMap<Integer, String> problems = new java.util.TreeMap<>();
    for (int k = 0; k < records.badLines().size(); k++) {
      problems.put(records.badLines().get(k), records.badReasons().get(k));
    }
    for (int r = 1; r < records.rows().size(); r++) {
      List<String> row = records.rows().get(r);
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // blank line
      }
      if (row.size() != header.size()) {
        problems.put(records.lines().get(r),
            "expected " + header.size() + " fields, got " + row.size());
        continue;
      }
      String secondText = second < 0 ? "" : row.get(second);
      String empty = rows.emptyField(row.get(text), secondText, row.get(label));
      if (empty != null) {
        problems.put(records.lines().get(r), empty);
        continue;
      }
      rows.add(row.get(text), secondText, row.get(label));
    }
    problems.forEach(rows::bad);
    return rows.finish();
  }

  private static int column(Path file, List<String> header, String name) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(file + " line 1: expected a column '" + name
          + "', got columns " + header);
    }
    return i;
  }

  /**
   * The file as UTF-8 (a byte order mark dropped); bytes that are not UTF-8 are an error naming
   * the file, the 1-based line and the byte offset.
   */
  static String readText(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + file + ": " + e.getMessage(), e);
    }
    CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult r = dec.decode(in, out, true);
    if (!r.isError()) r = dec.flush(out);
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
      throw new IllegalArgumentException(file + " line " + line + ", byte offset " + at
          + ": not valid UTF-8 (byte 0x" + String.format("%02X", bytes[at] & 0xff)
          + "); save the table as UTF-8");
    }
    String s = out.flip().toString();
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Collects good rows, applies the bad-row policy and numbers the labels. */
  private static final class Rows {
    final Path file;
    final TableSpec spec;
    final List<String> texts = new ArrayList<>();
    final List<String> seconds = new ArrayList<>();
    final List<String> labels = new ArrayList<>();
    int skipped;

    Rows(Path file, TableSpec spec) {
      this.file = file;
      this.spec = spec;
    }

    /** Why a row with these fields is bad (an empty or blank text or label), or null. */
    String emptyField(String text, String second, String label) {
      String empty = text.isBlank() ? spec.textColumn()
          : spec.secondTextColumn() != null && second.isBlank() ? spec.secondTextColumn()
          : label.isBlank() ? spec.labelColumn() : null;
      return empty == null ? null : "the field '" + empty + "' is empty";
    }

    void add(String text, String second, String label) {
      texts.add(text);
      seconds.add(second);
      labels.add(label);
    }

    void bad(int line, String what) {
      if (!spec.skipBadRows()) {
        throw new IllegalArgumentException(file + " line " + line + ": " + what);
      }
      skipped++;
    }

    Loaded finish() {
      List<String> names = new ArrayList<>(new LinkedHashSet<>(labels));
      if (spec.labelOrder() == TableSpec.LabelOrder.SORTED) {
        boolean numeric = names.stream().allMatch(n -> n.matches("-?\\d{1,18}"));
        if (numeric) {
          names.sort((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)));
        } else {
          names.sort(null);
        }
      }
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        ids.put(names.get(i), i);
      }
      int[] y = labels.stream().mapToInt(ids::get).toArray();
      TextDataset ds = new TextDataset(texts, spec.secondTextColumn() == null ? null : seconds,
          y, names);
      return new Loaded(ds, skipped);
    }
  }
}
