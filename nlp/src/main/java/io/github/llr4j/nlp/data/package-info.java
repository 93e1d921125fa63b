/**
 * Text classification data: {@link io.github.llr4j.nlp.data.TextDataset} (texts, optional pair
 * texts, labels) with seeded stratified splits; {@link io.github.llr4j.nlp.data.TextTables} for
 * CSV/TSV/JSON Lines files; {@link io.github.llr4j.nlp.data.SpamAssassin} for the SpamAssassin
 * public mail corpus, decoded by {@link io.github.llr4j.nlp.data.MailParser} (RFC 822 headers,
 * RFC 2047 encoded words, MIME multipart, quoted-printable, base64, charsets, HTML stripping).
 * Everything reads local files; nothing is downloaded.
 */
package io.github.llr4j.nlp.data;
