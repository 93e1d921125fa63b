package io.github.llr4j.nlp.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Delimited records of a whole file with the 1-based line each starts on. With quoting (RFC 4180)
 * a field starting with '"' runs to the next lone '"' ('""' is a literal quote, line breaks are
 * kept); a quote must then be followed by the delimiter or the end of the line. A malformed record
 * ends parsing of that record: it is reported in {@link #badLines} and parsing resumes on the
 * next line.
 */
record CsvRecords(List<List<String>> rows, List<Integer> lines, List<Integer> badLines,
    List<String> badReasons) {

  static CsvRecords parse(String text, char delimiter, boolean quoting) {
    List<List<String>> rows = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    List<Integer> badLines = new ArrayList<>();
    List<String> badReasons = new ArrayList<>();
    int n = text.length();
    int i = 0;
    int line = 1;
    while (i < n) {
      int startLine = line;
      List<String> row = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      String problem = null;
      boolean done = false;
      boolean fieldStart = true;
      while (!done) {
        if (i >= n) {
          row.add(field.toString());
          break;
        }
        char c = text.charAt(i);
        if (quoting && fieldStart && c == '"') {
          i++;
          boolean closed = false;
          while (i < n) {
            char q = text.charAt(i);
            if (q == '"') {
              if (i + 1 < n && text.charAt(i + 1) == '"') {
                field.append('"');
                i += 2;
                continue;
              }
              i++;
              closed = true;
              break;
            }
            if (q == '\n') {
              line++;
            }
            field.append(q);
            i++;
          }
          if (!closed) {
            problem = "unterminated quoted field";
            break;
          }
          if (i < n && text.charAt(i) != delimiter && text.charAt(i) != '\n'
              && text.charAt(i) != '\r') {
            problem = "expected a delimiter after a closing quote, got '" + text.charAt(i) + "'";
            break;
          }
          fieldStart = false;
          continue;
        }
        if (c == delimiter) {
          row.add(field.toString());
          field.setLength(0);
          fieldStart = true;
          i++;
        } else if (c == '\r' || c == '\n') {
          row.add(field.toString());
          i += (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') ? 2 : 1;
          line++;
          done = true;
        } else if (quoting && c == '"') {
          problem = "unexpected quote inside an unquoted field";
          break;
        } else {
          field.append(c);
          fieldStart = false;
          i++;
        }
      }
      if (problem != null) {
        badLines.add(startLine);
        badReasons.add(problem);
        // resume after the end of the current physical line
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
        if (i < n) {
          i++;
          line++;
        }
        continue;
      }
      rows.add(row);
      lines.add(startLine);
    }
    return new CsvRecords(rows, lines, badLines, badReasons);
  }
}
