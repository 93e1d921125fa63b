package io.github.llr4j.nlp.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a raw RFC 822 e-mail into subject and readable body text.
 *
 * <p>Headers: folded lines are unfolded, names are case-insensitive, the Subject's RFC 2047
 * encoded words are decoded. Body: MIME (RFC 2045/2046) parts are walked recursively (nesting
 * depth capped at 20); each leaf is transfer-decoded (quoted-printable, base64, else as is) and
 * charset-decoded (see {@link MailDecoding}). {@code text/plain} is kept, {@code text/html} is
 * reduced to text ({@link HtmlText}), other types (images, applications, ...) are dropped.
 * {@code multipart/alternative} yields its last {@code text/plain} alternative when there is one,
 * else its last usable alternative (RFC 2046 orders alternatives from plainest to richest, but
 * plain text carries the least markup noise for a classifier); other multiparts join their parts
 * with blank lines; {@code message/rfc822} parts contribute their subject and body.
 *
 * <p>Input convention: a message is a {@code String} in which characters up to U+00FF may stand
 * for raw bytes (read the file as ISO-8859-1 to pass bytes exactly); such text is charset-decoded
 * as described in {@link MailDecoding}, so real Latin-1 text stays as it is.
 *
 * <p>The parser is lenient because real mail (spam especially) is often malformed: when a
 * message has no Content-Type, or a multipart's boundary matches no delimiter line, the boundary
 * is taken from the first "--x" line followed by a Content-* header; a multipart with no
 * recognisable parts is read as plain text; plain text that starts with an HTML tag and has a
 * closing tag is stripped as HTML; a missing closing delimiter ends at the end of the
 * message, and unknown charsets fall back to UTF-8 or ISO-8859-1. It never fails on content.
 * The body's horizontal whitespace runs are collapsed to one space and blank-line runs to one.
 */
public final class MailParser {
  private static final int MAX_DEPTH = 20;
  private static final java.util.regex.Pattern HTML_START = java.util.regex.Pattern.compile(
      "(?i)<(!doctype|!--|x-html|html|head|body|font|table|div|p|center|meta|title|b|a|br)\\b");

  private MailParser() {}

  /** Parses one whole message (headers, empty line, body). */
  public static MailMessage parse(String rawMessage) {
    MailHeaders.Split split = MailHeaders.split(rawMessage);
    String subject = normalise(MailDecoding.decodeHeader(
            MailDecoding.decodeRaw(split.headers().get("subject"))))
        .replace('\n', ' ');
    String body = normalise(entityText(split.headers(), split.body(), 0));
    return new MailMessage(subject, body);
  }

  private static String entityText(MailHeaders headers, String body, int depth) {
    String declared = headers.get("content-type");
    ContentType type = ContentType.parse(declared);
    if (depth < MAX_DEPTH && (type.isMultipart() || declared.isEmpty())) {
      List<String> parts = List.of();
      String boundary = type.param("boundary");
      if (boundary != null && !boundary.isEmpty()) {
        parts = splitParts(body, boundary);
      }
      if (parts.isEmpty()) {
        // broken mail: no Content-Type, or a boundary that differs from the delimiter lines
        String sniffed = sniffBoundary(body);
        if (sniffed != null) {
          parts = splitParts(body, sniffed);
        }
      }
      if (!parts.isEmpty()) {
        return multipartText(type, parts, depth);
      }
    }
    if (type.mimeType().equals("message/rfc822") && depth < MAX_DEPTH) {
      MailHeaders.Split inner = MailHeaders.split(body);
      String subject = MailDecoding.decodeHeader(inner.headers().get("subject"));
      String text = entityText(inner.headers(), inner.body(), depth + 1);
      return subject.isEmpty() ? text : subject + "\n" + text;
    }
    if (!type.mimeType().startsWith("text/") && !type.isMultipart()) {
      return "";
    }
    String decoded = MailDecoding.decodeBody(body, headers.get("content-transfer-encoding"),
        MailDecoding.charset(type.param("charset")));
    return type.mimeType().equals("text/html") || looksLikeHtml(decoded)
        ? HtmlText.toText(decoded) : decoded;
  }

  /**
   * Plain text that is really markup (spam often sends HTML without saying so): it starts with a
   * tag and has a closing tag. Plain text that merely quotes HTML after some prose is kept.
   */
  static boolean looksLikeHtml(String text) {
    String t = text.stripLeading();
    return HTML_START.matcher(t).lookingAt() && t.contains("</");
  }

  /** "--x" on a line directly followed by a Content-* header: x is the boundary actually used. */
  static String sniffBoundary(String body) {
    String[] lines = body.replace("\r\n", "\n").split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      String l = lines[i].stripTrailing();
      if (l.length() > 3 && l.startsWith("--")
          && lines[i + 1].regionMatches(true, 0, "content-", 0, 8)) {
        return l.substring(2);
      }
    }
    return null;
  }

  private static String multipartText(ContentType type, List<String> parts, int depth) {
    List<String> texts = new ArrayList<>();
    List<Boolean> plain = new ArrayList<>();
    for (String part : parts) {
      MailHeaders.Split p = MailHeaders.split(part);
      String text = entityText(p.headers(), p.body(), depth + 1);
      if (!text.isBlank()) {
        texts.add(text);
        plain.add(ContentType.parse(p.headers().get("content-type")).mimeType()
            .equals("text/plain"));
      }
    }
    if (texts.isEmpty()) {
      return "";
    }
    if (type.mimeType().equals("multipart/alternative")) {
      int chosen = plain.lastIndexOf(true);
      return texts.get(chosen >= 0 ? chosen : texts.size() - 1);
    }
    return String.join("\n\n", texts);
  }

  /** Part bodies between "--boundary" delimiter lines (preamble and epilogue dropped). */
  static List<String> splitParts(String body, String boundary) {
    String delimiter = "--" + boundary;
    List<String> parts = new ArrayList<>();
    StringBuilder current = null;
    for (String line : body.replace("\r\n", "\n").split("\n", -1)) {
      String t = line.stripTrailing();
      if (t.equals(delimiter + "--")) {
        if (current != null) {
          parts.add(current.toString());
        }
        return parts;
      }
      if (t.equals(delimiter)) {
        if (current != null) {
          parts.add(current.toString());
        }
        current = new StringBuilder();
        continue;
      }
      if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      parts.add(current.toString());
    }
    return parts;
  }

  static String normalise(String text) {
    String s = text.replace("\r\n", "\n").replace('\r', '\n');
    s = s.replaceAll("[ \\t\\u00A0\\f\\x0B]+", " ");
    s = s.replaceAll(" ?\n ?", "\n");
    s = s.replaceAll("\n{3,}", "\n\n");
    return s.strip();
  }
}
