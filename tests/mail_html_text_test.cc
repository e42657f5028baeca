// src/mail/html_text.cc: HTML to text with quoted replies marked.
#include <gtest/gtest.h>

#include <string>

#include "meetintent/mail.h"

namespace meetintent {
namespace {

std::string Text(const std::string& html) {
  std::string out;
  mail::HtmlToText(html, &out);
  return out;
}

TEST(MailHtmlTextTest, DropsHeadScriptsAndStyles) {
  EXPECT_EQ(Text("<html><head><title>T</title><style>br{}</style></head><body>"
                 "<script>alert('x')</script>Hello <b>you</b><template>t</template>"
                 "<iframe>i</iframe></body></html>"),
            "Hello you\n");
}

// What a mail client shows is read: it runs no scripts (so <noscript> shows),
// loads no objects (their fallback shows), and shows <select> options, SVG
// and MathML text, alt text and field values (before, all of these were
// skipped: a request written there reached the reader and not the model).
TEST(MailHtmlTextTest, ReadsWhatMailClientsShow) {
  EXPECT_EQ(Text("a <noscript>b</noscript> <object data=x.swf>c</object> "
                 "<select><option>d</option></select> "
                 "<svg><title>no</title><desc>no</desc><style>no</style><text>e</text></svg> "
                 "<math><mi>f</mi></math>"),
            "a b c d e f\n");
  // Images are blocked by default (their alt text shows), fields and buttons
  // show their values; a frameset's text is read too (gumbo drops it).
  EXPECT_EQ(Text("<img alt='Dinner?'> <input value=Tonight> <input type=submit value=Yes> "
                 "<input type=hidden value=no> <input type=checkbox value=no>"),
            "Dinner? Tonight Yes\n");
  EXPECT_EQ(Text("<frameset><frame src=x></frameset><body>Stay the night.</body>"),
            "Stay the night.\n");
  // Namespaces count: <desc> and <style> show outside SVG (in HTML and
  // MathML), not inside it; a <template> declaring a shadow root shows.
  EXPECT_EQ(Text("<desc>a</desc> <math><style>b</style></math> <svg><desc>no</desc></svg>"
                 "<div><template shadowrootmode=open>c</template></div>"),
            "a b\nc\n");
}

TEST(MailHtmlTextTest, BlocksAndBreaksAreLines) {
  EXPECT_EQ(Text("<div>one</div><div>two<br>three</div><p>four</p><p>five</p><ul><li>a</li><li>b</li></ul>"),
            "one\ntwo\nthree\n\nfour\n\nfive\n\na\nb\n");
}

TEST(MailHtmlTextTest, WhitespaceCollapsesOutsidePre) {
  // A paragraph leaves a blank line after it, as before any block.
  EXPECT_EQ(Text("<p>  a \n\t b&nbsp;&nbsp;c </p><pre>x\n  y</pre>"), "a b c\n\nx\n  y\n");
}

TEST(MailHtmlTextTest, EntitiesAreDecoded) {
  EXPECT_EQ(Text("caf&eacute; &amp; &lt;tea&gt; &#x2764; &quot;ok&quot;"),
            "caf\xc3\xa9 & <tea> \xe2\x9d\xa4 \"ok\"\n");
}

TEST(MailHtmlTextTest, BlockquoteLinesArePrefixedPerLevel) {
  EXPECT_EQ(Text("<div>mine</div><blockquote>theirs<br>more<blockquote>older</blockquote>"
                 "</blockquote><div>after</div>"),
            "mine\n> theirs\n> more\n> > older\nafter\n");
}

TEST(MailHtmlTextTest, GmailQuoteAndSignature) {
  EXPECT_EQ(Text("<div dir=ltr>Dinner?<br clear=all><div><div class=\"gmail_signature\">Ana<br>"
                 "CTO, Acme</div></div></div><div class=\"gmail_quote\"><div class=\"gmail_attr\">"
                 "On Mon, Tom wrote:</div><blockquote class=\"gmail_quote\">Budget?</blockquote></div>"),
            "Dinner?\n-- \nAna\nCTO, Acme\n> On Mon, Tom wrote:\n> > Budget?\n");
}

TEST(MailHtmlTextTest, OutlookReplyHeaderAndAllAfterItAreQuoted) {
  EXPECT_EQ(Text("<div>Mine.</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\">"
                 "<b>From:</b> Tom<br><b>Sent:</b> Monday</div><div>Their text</div>"),
            "Mine.\n> From: Tom\n> Sent: Monday\n> Their text\n");
  // Outlook for Windows: the grey rule above "From:".
  EXPECT_EQ(Text("<p>Mine.</p><div style=\"border:none;border-top:solid #E1E1E1 1.0pt;padding:3pt\">"
                 "<p><b>From:</b> Tom</p></div><p>Theirs</p>"),
            "Mine.\n\n> From: Tom\n>\n> Theirs\n");
}

TEST(MailHtmlTextTest, AppleMailCiteBlockquote) {
  EXPECT_EQ(Text("<div>Yes!</div><blockquote type=\"cite\">On 4 Jun, Tom wrote:<br><br>"
                 "<div>Slides?</div></blockquote>"),
            "Yes!\n> On 4 Jun, Tom wrote:\n>\n> Slides?\n");
}

TEST(MailHtmlTextTest, TableCellsAreSeparated) {
  EXPECT_EQ(Text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"), "a b\nc\n");
}

TEST(MailHtmlTextTest, AnyBytesAnyDepth) {
  EXPECT_EQ(Text(""), "");
  // HTML5 drops NUL in body text; invalid UTF-8 becomes U+FFFD.
  EXPECT_EQ(Text(std::string("\0\xff<div", 6)), std::string("\xef\xbf\xbd\n"));
  EXPECT_EQ(Text("a<br><br><br>b<br><div>c</div>"), "a\n\nb\nc\n");
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "<div><blockquote>";
  deep += "x";
  // No stack overflow, and no quadratic parse (minutes before the nesting
  // cut; the ctest timeout fails it); the text past the cut is read unquoted.
  EXPECT_EQ(Text(deep), "x\n");
  // Unclosed paragraphs and list items do not nest: all of them are read.
  std::string flat;
  for (int i = 0; i < 5000; ++i) flat += "<p>x<li>y";
  flat += "<p>last";
  EXPECT_TRUE(Text(flat).find("last") != std::string::npos);
}

// The nesting cut follows open elements as gumbo does: stray end tags do not
// wear it down (before: "<div></b>" over and over nested without a cut, and
// 720 KB of it took 49 s), and tags in comments or script text open nothing
// (before: text after 1,000 of them was cut), unless a script could hold more
// than the cut allows: gumbo does not always take it for raw text ("<select>
// <style>" nested 1 MB of <div>s: 415 s). The text past a cut is read.
TEST(MailHtmlTextTest, NestingCutCountsOnlyOpenElements) {
  // 100,000 of each: minutes without the cut (the ctest timeout fails it).
  std::string stray;
  for (int i = 0; i < 100000; ++i) stray += "<div></b>";
  EXPECT_EQ(Text(stray + "x"), "x\n");
  std::string unknown;
  for (int i = 0; i < 100000; ++i) unknown += "<foo></bar>";
  EXPECT_EQ(Text(unknown + "x"), "x\n");
  // An end tag that gumbo ignores past a <div> does not close its element
  // here either; "<!-->" ends its comment at once; <style> in <svg> holds
  // elements (a review found each nested without a cut).
  std::string past_div;
  for (int i = 0; i < 100000; ++i) past_div += "<x><div></x>";
  EXPECT_EQ(Text(past_div + "x"), "x\n");
  std::string divs;
  for (int i = 0; i < 100000; ++i) divs += "<div>";
  EXPECT_EQ(Text("<!-->" + divs + "x"), "x\n");
  EXPECT_EQ(Text("<svg><style>" + divs + "x"), "x\n");
  std::string closed;
  for (int i = 0; i < 5000; ++i) closed += "<div><span>a</span></DIV>";
  EXPECT_NE(Text(closed + "<b>THE END</b>").find("THE END"), std::string::npos);
  std::string comments;
  for (int i = 0; i < 1200; ++i) comments += "<p>x<!-- <span> -->";
  EXPECT_NE(Text(comments + "THE END").find("THE END"), std::string::npos);
  std::string script = "<script>";
  for (int i = 0; i < 900; ++i) script += "<div>";
  EXPECT_EQ(Text(script + "</SCRIPT>THE END"), "THE END\n");
  for (int i = 0; i < 200000; ++i) divs += "<div>";
  EXPECT_EQ(Text("<select><style><input>" + divs + "THE END</style>"), "<input>" + divs + "THE END\n");
  // CDATA in <svg> ends at "]]>", not at '>' (a review nested 1 MB this way).
  EXPECT_NE(Text("<svg><![CDATA[ > </svg> ]]><style><foreignObject>" + divs + "THE END")
                .find("THE END"),
            std::string::npos);
  // gumbo checks each attribute against those before it: 100,000 on one
  // tag took 126 s. A tag with more than 64 is where the cut comes.
  std::string attributes = "<p";
  for (int i = 0; i < 100000; ++i) attributes += " a" + std::to_string(i);
  EXPECT_EQ(Text(attributes + ">THE END"), "THE END\n");
}

// No text is lost to nesting: the walk reads every level (before, text under
// 400 nested elements was dropped: 500 <div>s, 2.5 KB, hid a message's
// request), and what follows the nesting cut is read without its tags
// (before, it was dropped: 1,200 "<p><font>x" hid it).
TEST(MailHtmlTextTest, TextPastDeepNestingIsRead) {
  std::string divs;
  for (int i = 0; i < 500; ++i) divs += "<div>";
  EXPECT_EQ(Text("<p>Budget review.</p>" + divs + "Stay the night."), "Budget review.\n\nStay the night.\n");
  std::string fonts;
  for (int i = 0; i < 1200; ++i) fonts += "<p><font>x";
  const std::string text = Text(fonts + "Stay the night.");
  EXPECT_NE(text.find("xStay the night.\n"), std::string::npos);
  std::string tables;
  for (int i = 0; i < 3000; ++i) tables += "<table><td>";
  EXPECT_EQ(Text(tables + "a</td><td>b"), "a b\n");
  // Past the cut: tags go (a '>' in a quoted attribute value too), blocks and
  // <br> end lines, entities are decoded, a '<' that starts no tag is text,
  // and the text of comments and raw-text elements stays (hostile HTML: more
  // text is the safe side).
  std::string cut;
  for (int i = 0; i < 1001; ++i) cut += "<span>";
  EXPECT_EQ(Text(cut + "a<a title='x>y' href=\"p>q\">b</a>&amp;c<div>d</div>e<br>f"), "ab&c\nd\ne\nf\n");
  EXPECT_EQ(Text(cut + "1 < 2 <!-- <b>hidden</b> --><script>var a = '<b>';</script><style>p{}</style>3"),
            "1 < 2 <!-- <b>hidden</b> -->var a = '<b>';p{}3\n");
  EXPECT_EQ(Text(cut + "<textarea><b>kept</b></textarea> <svg><style></svg>after"),
            "<b>kept</b> </svg>after\n");
  EXPECT_EQ(Text(cut + "<script>never closed <b>x</b>"), "never closed <b>x</b>\n");
}

// Tags are read as the HTML tokenizer reads them, before and past the cut
// (a review hid the sentence with each of these, past 1,001 <span>s or by
// moving the cut into an attribute value): raw-text elements other than
// <script>, '=' that starts an attribute name, "<3", "<script-x>", '<' in an
// attribute value, <style> inside <svg>, "d=x/" that does not close itself.
TEST(MailHtmlTextTest, TagsAreReadAsTheTokenizerReadsThem) {
  std::string spans;
  for (int i = 0; i < 1001; ++i) spans += "<span>";
  std::string is, gs, self_closing;
  for (int i = 0; i < 1001; ++i) is += "<i>";
  for (int i = 0; i < 1001; ++i) gs += "<g>";
  for (int i = 0; i < 1001; ++i) self_closing += "<g d=x/>";
  const std::string s = "Please meet me tonight.";
  const std::string cases[] = {
      spans + "<xmp><script></xmp>" + s,      spans + "<plaintext><script>" + s,
      spans + "<iframe><!--</iframe>" + s,    spans + "<noembed><!--</noembed>" + s,
      spans + "<noframes><script></noframes>" + s, spans + "<b =\">" + s,
      spans + "<a x==\">" + s,                spans + "<a/=\">" + s,
      spans + "<?x=\">" + s,                  spans + "<!x=\">" + s,
      spans + "I <3 you. " + s,               spans + "<script-x>" + s + "</script-x>",
      spans + "<style-x>" + s + "</style-x>", "<p title=\"" + is + "<!--\">" + s,
      "<svg>" + gs + "<style></svg>" + s,     "<svg>" + self_closing + "</svg>" + s,
  };
  std::string divs;
  for (int i = 0; i < 1001; ++i) divs += "<div>";
  // A second review: one counter for <svg> and <math>, CDATA, <foreignObject>,
  // a script's "<!--<script>", <style> in <select>, a <p> that leaves <svg>.
  const std::string more[] = {
      divs + "<math></svg><style></math>" + s + "</style>",
      divs + "<svg><![CDATA[ > </svg> ]]><style></svg>" + s + "</style>",
      divs + "<svg><foreignObject><style></svg><script></style></foreignObject></svg>" + s +
          "</script>",
      "<script><!--<script></script>" + divs + "<style>--></script>" + s + "</style>",
      divs + "<select><style></select>" + s,
      divs + "<svg><p><xmp><!-- </xmp>" + s + " -->",
  };
  for (const std::string& html : cases) {
    EXPECT_NE(Text(html).find(s), std::string::npos) << html.substr(html.size() - 60);
  }
  for (const std::string& html : more) {
    EXPECT_NE(Text(html).find(s), std::string::npos) << html.substr(html.size() - 60);
  }
  EXPECT_EQ(Text(spans + "I <3 you &amp; <xmp>a&amp;b</xmp>"), "I <3 you & a&amp;b\n");
}

// A third review: inside <svg> and <math> "<td>" and "<div/>" are elements
// that nest (300,000 <td>s overflowed the stack in gumbo's freeing of the
// tree: a crash), an HTML tag such as <p> ends SVG content (after
// "<svg><p>" 100,000 "<div/>"s nested: 90 s), and gumbo walks its open
// elements at many tags (an <li> under 998 <div>s: 2 MB took 7.7 s): that
// walk is counted, and past its bound the rest is read without nesting.
TEST(MailHtmlTextTest, ForeignContentAndStackWalksAreCounted) {
  std::string tds, divs, lis, deep;
  for (int i = 0; i < 300000; ++i) tds += "<td>";
  EXPECT_EQ(Text("<svg>" + tds + "THE END"), "THE END\n");
  for (int i = 0; i < 100000; ++i) divs += "<div/>";
  EXPECT_EQ(Text("<svg><p>" + divs + "THE END"), "THE END\n");
  for (int i = 0; i < 998; ++i) deep += "<div>";
  for (int i = 0; i < 30000; ++i) lis += "<li></li>";
  EXPECT_EQ(Text(deep + lis + "<blockquote>quoted</blockquote>"), "quoted\n");  // past the cut
  // A fourth review: with a <b> active, each character of text walks the
  // stack too (1 MB after deep cells took 4.8 s): the cut comes before the
  // text, which reads unquoted.
  std::string cells = "<blockquote>";
  for (int i = 0; i < 990; ++i) cells += "<table><td><li><dd><p><optgroup><option>";
  EXPECT_EQ(Text(cells + "<b>" + std::string(1000000, 'x') + "THE END").substr(0, 2), "xx");
  // Below the bounds nothing changes: SVG text, an integration point's HTML.
  EXPECT_EQ(Text("<svg><foreignObject><p>a</p></foreignObject><text>b</text></svg><p>c</p>"),
            "a\n\nb\n\nc\n");
}

// Quotes nested deeper than ten levels are marked with ten: the text stays
// near the size of the HTML (before: 400 marks a line, 1 MB into 156 MB).
TEST(MailHtmlTextTest, QuoteMarksAreBounded) {
  std::string html;
  for (int i = 0; i < 390; ++i) html += "<blockquote>";
  for (int i = 0; i < 20000; ++i) html += "a<br>";
  const std::string text = Text(html);
  EXPECT_EQ(text.substr(0, 21), "> > > > > > > > > > a");
  EXPECT_LT(text.size(), 5 * html.size());  // 22 bytes a line; before: 782
}

}  // namespace
}  // namespace meetintent
