package io.github.llr4j.nlp.data;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed Content-Type value: lower-case {@code type/subtype} and its parameters (names lower-case,
 * values unquoted). A missing or unparsable value means {@code text/plain}, as RFC 2045 says.
 */
record ContentType(String mimeType, Map<String, String> params) {

  static ContentType parse(String value) {
    String[] parts = value.split(";");
    String type = parts[0].strip().toLowerCase(Locale.ROOT);
    if (!type.matches("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]+")) {
      type = "text/plain";
    }
    Map<String, String> params = new HashMap<>();
    // parameters may be quoted and contain ';', so re-scan the raw value
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("(?i);\\s*([a-z0-9*_.-]+)\\s*=\\s*(\"([^\"]*)\"|[^;\\s]*)")
        .matcher(value);
    while (m.find()) {
      String v = m.group(3) != null ? m.group(3) : m.group(2);
      params.putIfAbsent(m.group(1).toLowerCase(Locale.ROOT), v);
    }
    return new ContentType(type, params);
  }

  boolean isMultipart() {
    return mimeType.startsWith("multipart/");
  }

  String param(String name) {
    return params.get(name);
  }
}
