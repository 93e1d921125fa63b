package io.github.llr4j.nlp.data;

/**
 * A decoded e-mail: the decoded Subject header and the readable body text (text parts decoded to
 * Unicode, HTML reduced to text, attachments dropped).
 *
 * @param subject decoded subject, "" when absent
 * @param body decoded body text
 */
public record MailMessage(String subject, String body) {
  public MailMessage {
    if (subject == null || body == null) {
      throw new IllegalArgumentException("subject and body must not be null, got " + subject
          + " / " + (body == null ? null : "a body"));
    }
  }
}
