package io.github.llr4j.nlp.data;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 822 header block: unfolds continuation lines (starting with space or tab), keys are
 * lower-cased, the first occurrence of a repeated header wins. Lines that are not "name: value"
 * (common in spam) are ignored.
 */
record MailHeaders(Map<String, String> fields) {

  /** Splits {@code message} at the first empty line into headers and the raw body. */
  static Split split(String message) {
    String m = message.replace("\r\n", "\n");
    int end;
    String body;
    if (m.startsWith("\n")) {
      return new Split(new MailHeaders(Map.of()), m.substring(1));
    }
    int blank = m.indexOf("\n\n");
    if (blank < 0) {
      end = m.length();
      body = "";
    } else {
      end = blank;
      body = m.substring(blank + 2);
    }
    Map<String, String> fields = new LinkedHashMap<>();
    String name = null;
    StringBuilder value = new StringBuilder();
    for (String line : m.substring(0, end).split("\n")) {
      if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
        if (name != null) {
          value.append(' ').append(line.strip());
        }
        continue;
      }
      if (name != null) {
        fields.putIfAbsent(name, value.toString().strip());
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().matches("[!-9;-~]+")) {
        name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
        value.setLength(0);
        value.append(line.substring(colon + 1));
      } else {
        name = null; // "From sender date" mbox line or garbage
      }
    }
    if (name != null) {
      fields.putIfAbsent(name, value.toString().strip());
    }
    return new Split(new MailHeaders(fields), body);
  }

  /** Header value by case-insensitive name, "" when absent. */
  String get(String name) {
    return fields.getOrDefault(name.toLowerCase(Locale.ROOT), "");
  }

  record Split(MailHeaders headers, String body) {}
}
