package io.github.llr4j.nlp.data;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML to plain text for classification: drops comments, {@code script}, {@code style} and
 * {@code head} elements, turns block-level tags ({@code br p div tr li h1-h6 table}) into line
 * breaks, removes every other tag and decodes numeric character references and the common named
 * entities (a fixed table of 20, not the full HTML5 list).
 */
final class HtmlText {
  private static final Pattern DROP = Pattern.compile(
      "(?is)<!--.*?-->|<script\\b.*?</script\\s*>|<style\\b.*?</style\\s*>|<head\\b.*?</head\\s*>");
  private static final Pattern BLOCK = Pattern.compile(
      "(?i)</?(br|p|div|tr|li|h[1-6]|table|blockquote)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("(?s)<[a-zA-Z/!][^>]*>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});?");
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
      Map.entry("apos", "'"), Map.entry("nbsp", " "), Map.entry("copy", "©"),
      Map.entry("reg", "®"), Map.entry("trade", "™"), Map.entry("mdash", "—"),
      Map.entry("ndash", "–"), Map.entry("hellip", "…"), Map.entry("lsquo", "‘"),
      Map.entry("rsquo", "’"), Map.entry("ldquo", "“"), Map.entry("rdquo", "”"),
      Map.entry("euro", "€"), Map.entry("pound", "£"), Map.entry("bull", "•"),
      Map.entry("middot", "·"));

  private HtmlText() {}

  static String toText(String html) {
    String s = DROP.matcher(html).replaceAll(" ");
    s = BLOCK.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    return decodeEntities(s);
  }

  static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    Matcher m = ENTITY.matcher(s);
    StringBuilder sb = new StringBuilder(s.length());
    while (m.find()) {
      String e = m.group(1);
      String rep;
      if (e.startsWith("#")) {
        int cp;
        try {
          cp = e.charAt(1) == 'x' || e.charAt(1) == 'X'
              ? Integer.parseInt(e.substring(2), 16)
              : Integer.parseInt(e.substring(1));
        } catch (NumberFormatException ex) {
          cp = -1;
        }
        rep = Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp))
            : m.group();
      } else {
        rep = NAMED.get(e); // entity names are case-sensitive
        if (rep == null) {
          rep = m.group();
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(rep));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
