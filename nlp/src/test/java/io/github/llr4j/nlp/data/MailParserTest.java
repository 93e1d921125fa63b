package io.github.llr4j.nlp.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailParserTest {

  @Test
  void plainMessageWithFoldedCaseInsensitiveHeaders() {
    MailMessage m = MailParser.parse("From sender Tue Aug  6 2002\n"
        + "SUBJECT: Hello\n\tthere\nX-Other: x\n\nLine one.\n\n\n\nLine   two.\n");
    assertThat(m.subject()).isEqualTo("Hello there");
    assertThat(m.body()).isEqualTo("Line one.\n\nLine two.");
  }

  @Test
  void quotedPrintableWithCharset() {
    MailMessage m = MailParser.parse("Subject: qp\r\n"
        + "Content-Type: text/plain; charset=\"iso-8859-1\"\r\n"
        + "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + "Caf=E9 cr=E8me, soft=\r\nbreak and =3D sign\r\n");
    assertThat(m.body()).isEqualTo("Café crème, softbreak and = sign");
  }

  @Test
  void base64Utf8Body() {
    // "Grüße aus Köln\n" in UTF-8, base64, split over lines
    MailMessage m = MailParser.parse("Content-Type: text/plain; charset=utf-8\n"
        + "Content-Transfer-Encoding: BASE64\n\nR3LDvMOfZSBh\ndXMgS8O2bG4K\n");
    assertThat(m.body()).isEqualTo("Grüße aus Köln");
  }

  @Test
  void encodedWordSubjects() {
    assertThat(MailParser.parse("Subject: =?UTF-8?B?R3LDvMOfZQ==?= =?iso-8859-1?Q?und_Caf=E9?= !\n\nx")
        .subject()).isEqualTo("Grüßeund Café !");
    assertThat(MailParser.parse("Subject: Re: =?windows-1252?q?=93quoted=94?= text\n\nx")
        .subject()).isEqualTo("Re: “quoted” text");
    assertThat(MailParser.parse("Subject: =?unknown-cs?Q?plain?=\n\nx").subject())
        .isEqualTo("plain");
  }

  @Test
  void alternativePrefersPlainText() {
    String msg = "Subject: alt\nMIME-Version: 1.0\n"
        + "Content-Type: multipart/alternative; boundary=\"b1\"\n\n"
        + "This is a MIME preamble\n--b1\nContent-Type: text/plain\n\nplain version\n"
        + "--b1\nContent-Type: text/html\n\n<p>html <b>version</b></p>\n--b1--\nepilogue\n";
    assertThat(MailParser.parse(msg).body()).isEqualTo("plain version");
    String htmlOnly = "Content-Type: multipart/alternative; boundary=b1\n\n"
        + "--b1\nContent-Type: text/html\n\n<p>only <i>html</i></p>\n--b1--\n";
    assertThat(MailParser.parse(htmlOnly).body()).isEqualTo("only html");
  }

  @Test
  void nestedMultipartDropsAttachments() {
    String msg = "Content-Type: multipart/mixed; boundary=\"outer\"\n\n"
        + "--outer\nContent-Type: multipart/alternative; boundary=\"inner\"\n\n"
        + "--inner\ncontent-type: text/plain; charset=us-ascii\n\nfirst text\n"
        + "--inner\nContent-Type: text/html\n\n<div>first html</div>\n--inner--\n"
        + "--outer\nContent-Type: image/gif; name=\"a.gif\"\nContent-Transfer-Encoding: base64\n\n"
        + "R0lGODlhAQABAIAAAP///wAAACwAAAAAAQABAAACAkQBADs=\n"
        + "--outer\nContent-Type: text/plain\nContent-Transfer-Encoding: quoted-printable\n\n"
        + "second=20part\n--outer--\n";
    assertThat(MailParser.parse(msg).body()).isEqualTo("first text\n\nsecond part");
  }

  @Test
  void htmlIsStrippedAndEntitiesDecoded() {
    String msg = "Content-Type: text/html; charset=us-ascii\n\n"
        + "<html><head><title>T</title><style>p{color:red}</style></head><body>"
        + "<script type=\"text/javascript\">var x = 1 < 2;</script>"
        + "<!-- hidden comment --><p>Fish &amp; chips&nbsp;for &pound;5 &#8364;3 &#x41;!</p>"
        + "Line<br>next &bogus; &lt;tag&gt;</body></html>";
    assertThat(MailParser.parse(msg).body())
        .isEqualTo("Fish & chips for £5 €3 A!\nLine\nnext &bogus; <tag>");
  }

  @Test
  void rawEightBitBodiesAreCharsetDecoded() {
    // bytes of "é" in UTF-8 (C3 A9) passed as chars, no charset declared: UTF-8 wins
    assertThat(MailParser.parse("Subject: caf\u00C3\u00A9\n\ncaf\u00C3\u00A9").body())
        .isEqualTo("café");
    assertThat(MailParser.parse("Subject: caf\u00C3\u00A9\n\nx").subject()).isEqualTo("café");
    // byte E9 alone is not UTF-8: ISO-8859-1 fallback
    assertThat(MailParser.parse("\ncaf\u00E9").body()).isEqualTo("café");
    // declared windows-1252: byte 0x80 is the euro sign
    assertThat(MailParser.parse("Content-Type: text/plain; charset=windows-1252\n\n5\u0080")
        .body()).isEqualTo("5€");
  }

  @Test
  void multipartWithoutBoundaryIsText() {
    assertThat(MailParser.parse("Content-Type: multipart/mixed\n\njust text").body())
        .isEqualTo("just text");
    assertThat(MailParser.parse("Content-Type: multipart/mixed; boundary=zz\n\n--zz\n\nunclosed")
        .body()).isEqualTo("unclosed");
  }

  @Test
  void noBodyAndNoSubject() {
    MailMessage m = MailParser.parse("From: a@b\n");
    assertThat(m.subject()).isEmpty();
    assertThat(m.body()).isEmpty();
  }

  @Test
  void brokenMimeIsRecovered() {
    // no Content-Type at all, but MIME parts in the body (spam-2/00069 in the corpus)
    String noType = "Subject: x\n\nThis is a MIME Message\n\n--=_b\n"
        + "Content-Type: text/plain\n\nthe text\n--=_b\nContent-Type: image/png\n\nPNG\n--=_b--\n";
    assertThat(MailParser.parse(noType).body()).isEqualTo("the text");
    // declared boundary differs from the delimiters actually used (spam-1/00467)
    String mismatch = "Content-Type: multipart/alternative; boundary=\"=Multi 09\"\n\n"
        + "--= Multi 09\nContent-Type: text/html\n\n<b>bold</b> text\n--= Multi 09--\n";
    assertThat(MailParser.parse(mismatch).body()).isEqualTo("bold text");
  }

  @Test
  void undeclaredHtmlIsStrippedButQuotedHtmlKept() {
    assertThat(MailParser.parse("\n<HTML><BODY><FONT size=2>Buy <B>now</B></FONT></BODY></HTML>")
        .body()).isEqualTo("Buy now");
    assertThat(MailParser.parse("\nI wrote <b>bold</b> in my page").body())
        .isEqualTo("I wrote <b>bold</b> in my page");
  }
}
