package io.github.llr4j.nlp.data;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Transfer and header decodings: quoted-printable (RFC 2045 6.7), base64 (lenient: non-alphabet
 * characters ignored, missing padding tolerated), RFC 2047 encoded words, charset lookup.
 *
 * <p>Charsets: a declared, supported charset is used (with replacement of bad bytes); an unknown
 * one, or none, means strict UTF-8 if the bytes are valid UTF-8, else ISO-8859-1 (which accepts every
 * byte). Characters above U+00FF in a message text (the corpus files are already Unicode JSON
 * strings) are kept as they are.
 */
final class MailDecoding {
  private static final Pattern ENCODED_WORD =
      Pattern.compile("=\\?([^?\\s]+)\\?([bBqQ])\\?([^?\\s]*)\\?=");
  private static final Pattern BETWEEN_WORDS = Pattern.compile("(\\?=)\\s+(=\\?)");

  private MailDecoding() {}

  static Charset charset(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String n = name.strip().replace("\"", "");
    int star = n.indexOf('*'); // RFC 2231 language suffix
    if (star > 0) {
      n = n.substring(0, star);
    }
    try {
      return Charset.forName(n);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Bytes to text with {@code declared} or the UTF-8 / ISO-8859-1 fallback. */
  static String decodeBytes(byte[] bytes, Charset declared) {
    if (declared != null) {
      return new String(bytes, declared);
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** Characters up to U+00FF as bytes; others are UTF-8 encoded (already-decoded text). */
  static byte[] latin1Bytes(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= 0xFF) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toByteArray();
  }

  /** Raw 8-bit header or body text (characters up to U+00FF only) charset-guessed; else as is. */
  static String decodeRaw(String s) {
    return allBelow256(s) ? decodeBytes(latin1Bytes(s), null) : s;
  }

  /** Decodes a part body according to its Content-Transfer-Encoding and charset. */
  static String decodeBody(String body, String transferEncoding, Charset charset) {
    String te = transferEncoding.strip().toLowerCase(Locale.ROOT);
    if (te.equals("base64")) {
      return decodeBytes(base64(body), charset);
    }
    if (te.equals("quoted-printable")) {
      return decodeBytes(quotedPrintable(body, false), charset);
    }
    // 7bit/8bit: a text of U+0000-U+00FF only holds the raw bytes, so decode them properly
    return allBelow256(body) ? decodeBytes(latin1Bytes(body), charset) : body;
  }

  private static boolean allBelow256(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  static byte[] base64(String s) {
    StringBuilder clean = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
          || c == '/') {
        clean.append(c);
      } else if (c == '=') {
        break;
      }
    }
    if (clean.length() % 4 == 1) {
      clean.setLength(clean.length() - 1); // a lone trailing sextet carries no whole byte
    }
    while (clean.length() % 4 != 0) {
      clean.append('=');
    }
    return Base64.getDecoder().decode(clean.toString());
  }

  /**
   * Quoted-printable to bytes: {@code =XX} is a byte, {@code =} at line end a soft break; in
   * header mode ({@code Q} encoding) {@code _} is a space. Malformed escapes stay literal.
   */
  static byte[] quotedPrintable(String s, boolean header) {
    String text = s.replace("\r\n", "\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '=') {
        int j = i + 1;
        while (j < text.length() && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
          j++;
        }
        if (j < text.length() && text.charAt(j) == '\n') {
          i = j + 1; // soft line break (trailing blanks allowed)
          continue;
        }
        if (j == text.length()) {
          break;
        }
        if (i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0
            && hex(text.charAt(i + 2)) >= 0) {
          out.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
          i += 3;
          continue;
        }
        out.write('=');
        i++;
      } else if (header && c == '_') {
        out.write(' ');
        i++;
      } else {
        byte[] b = latin1Bytes(String.valueOf(c));
        out.write(b, 0, b.length);
        i++;
      }
    }
    return out.toByteArray();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** Replaces RFC 2047 encoded words; whitespace between two adjacent encoded words is dropped. */
  static String decodeHeader(String value) {
    if (!value.contains("=?")) {
      return value;
    }
    String joined = BETWEEN_WORDS.matcher(value).replaceAll("$1$2");
    // a second pass: replaceAll does not revisit overlapping "?= =?" chains
    joined = BETWEEN_WORDS.matcher(joined).replaceAll("$1$2");
    Matcher m = ENCODED_WORD.matcher(joined);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      Charset cs = charset(m.group(1));
      byte[] bytes = m.group(2).equalsIgnoreCase("B")
          ? base64(m.group(3))
          : quotedPrintable(m.group(3), true);
      m.appendReplacement(sb, Matcher.quoteReplacement(decodeBytes(bytes, cs)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
