// HTML to text with gumbo (an HTML5 parser: any bytes give a tree). The text
// keeps what the e-mail reading needs: line structure, and quoted replies
// marked with "> " so that email_cleanup.cc reads them apart.
#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "meetintent/mail.h"

namespace meetintent {
namespace mail {
namespace {

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

std::string_view Attribute(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool HasClass(const GumboElement& e, std::string_view cls) {
  const std::string_view classes = Attribute(e, "class");
  size_t at = 0;
  while ((at = classes.find(cls, at)) != std::string_view::npos) {
    const size_t end = at + cls.size();
    const bool left = at == 0 || classes[at - 1] == ' ';
    const bool right = end == classes.size() || classes[end] == ' ';
    if (left && right) return true;
    at = end;
  }
  return false;
}

// Elements whose content no mail client shows. (<noscript>, <object>
// fallback, <select> options, <svg> and <math> text are shown: mail clients
// run no scripts and load no objects, and a request written there was read
// by people and not by us.)
bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_IFRAME: case GUMBO_TAG_META: case GUMBO_TAG_LINK:
      return true;
    default:
      return false;
  }
}

// Whether an element's content is not shown: in HTML, IsSkipped (but a
// <template> that declares a shadow root shows); in SVG its style, script,
// description and tooltip; MathML shows unknown elements (<style> too).
bool IsSkippedElement(const GumboElement& e) {
  switch (e.tag_namespace) {
    case GUMBO_NAMESPACE_SVG:
      return e.tag == GUMBO_TAG_STYLE || e.tag == GUMBO_TAG_SCRIPT || e.tag == GUMBO_TAG_DESC ||
             e.tag == GUMBO_TAG_TITLE;
    case GUMBO_NAMESPACE_MATHML:
      return false;
    default:
      if (e.tag == GUMBO_TAG_TEMPLATE) {
        return gumbo_get_attribute(&e.attributes, "shadowrootmode") == nullptr &&
               gumbo_get_attribute(&e.attributes, "shadowroot") == nullptr;
      }
      return IsSkipped(e.tag);
  }
}

bool IsBlock(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_TR: case GUMBO_TAG_LI:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TABLE: case GUMBO_TAG_UL:
    case GUMBO_TAG_OL: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_HR:
    case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_DL:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_FORM: case GUMBO_TAG_BODY: case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE: case GUMBO_TAG_MAIN: case GUMBO_TAG_FIGURE: case GUMBO_TAG_CAPTION:
      return true;
    default:
      return false;
  }
}

// A container whose content is a quoted message.
bool IsQuote(const GumboElement& e) {
  return e.tag == GUMBO_TAG_BLOCKQUOTE || HasClass(e, "gmail_quote") ||
         HasClass(e, "gmail_quote_container") || HasClass(e, "yahoo_quoted") ||
         HasClass(e, "moz-cite-prefix");
}

// Outlook's reply header: it and everything after it is the quoted message.
bool StartsOutlookQuote(const GumboElement& e) {
  const std::string_view id = Attribute(e, "id");
  if (id == "divRplyFwdMsg" || id == "appendonsend" || id == "stopSpelling") return true;
  // Outlook for Windows: the "From: ... Sent: ..." block under a grey rule.
  if (e.tag != GUMBO_TAG_DIV) return false;
  std::string style(Attribute(e, "style"));
  std::string compact;
  for (char c : style) {
    if (c != ' ') compact.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  }
  return Contains(compact, "border-top:solid#e1e1e1") || Contains(compact, "border-top:solid#b5c4df");
}

// Whether an <input> shows its value (a text field or a button does; a
// hidden, password, check or file input does not).
bool ShowsValue(const GumboElement& e) {
  std::string type(Attribute(e, "type"));
  for (char& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return type != "hidden" && type != "password" && type != "checkbox" && type != "radio" &&
         type != "file" && type != "image";
}

bool IsSignature(const GumboElement& e) {
  return HasClass(e, "gmail_signature") || HasClass(e, "moz-signature");
}

// Elements that hold nothing or that the next one of their kind closes:
// they do not deepen the tree.
bool NeverNests(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_AREA: case GUMBO_TAG_BASE: case GUMBO_TAG_BR: case GUMBO_TAG_COL:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_HR: case GUMBO_TAG_IMG: case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LINK: case GUMBO_TAG_META: case GUMBO_TAG_SOURCE: case GUMBO_TAG_TRACK:
    case GUMBO_TAG_WBR: case GUMBO_TAG_P: case GUMBO_TAG_LI: case GUMBO_TAG_DT:
    case GUMBO_TAG_DD: case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_OPTGROUP: case GUMBO_TAG_HTML: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_BODY: case GUMBO_TAG_TBODY: case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT:
      return true;
    default:
      return false;
  }
}

// gumbo's tree building is quadratic in nesting depth (its scope checks walk
// the stack of open elements): 100,000 nested <div>s take minutes. The length
// of `html` before its open elements nest deeper than this (what follows is
// read without its nesting: WithoutNesting). An end tag closes an element here only
// when it is the innermost one open: gumbo ignores many end tags that match
// an outer element (one stopped by a <div> in between, and the formatting
// ones it rebuilds), so that stray end tags ("<div></b>", "<x><div></x>")
// cannot wear the count down; sloppy nesting counts deeper than it is, which
// only cuts sooner. Comments hold no elements, nor does the text of <script>,
// <style>, <textarea> and <title> outside <svg> and <math>.
constexpr size_t kMaxOpenTags = 1000;

// An element's name as the open-element stack compares it: its tag, and for
// tags gumbo does not know, a hash of the lower-cased name.
struct OpenTag {
  GumboTag tag;
  uint32_t unknown_name;
  bool operator==(const OpenTag& o) const { return tag == o.tag && unknown_name == o.unknown_name; }
};

OpenTag TagAt(std::string_view html, size_t begin, size_t end) {
  const GumboTag tag = gumbo_tagn_enum(html.data() + begin, static_cast<unsigned>(end - begin));
  uint32_t h = 0;
  if (tag == GUMBO_TAG_UNKNOWN) {
    h = 2166136261u;
    for (size_t k = begin; k < end; ++k) {
      h = (h ^ static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(html[k])))) *
          16777619u;
    }
  }
  return {tag, h};
}

bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

// Elements whose text runs to their end tag with no markup in it (outside
// <svg> and <math>); <plaintext> runs to the end of the input.
bool HoldsRawText(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_XMP: case GUMBO_TAG_IFRAME: case GUMBO_TAG_NOEMBED: case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_PLAINTEXT:
      return true;
    default:
      return false;
  }
}

// The end of the tag name that starts at `at`: a space, '/' or '>' ends it,
// so "<script-x>" is not a <script>.
size_t NameEnd(std::string_view html, size_t at) {
  while (at < html.size() && !IsHtmlSpace(html[at]) && html[at] != '/' && html[at] != '>') ++at;
  return at;
}

// Past the '>' that ends a tag whose name ends at `at` (or the end of the
// input), its attributes read as the HTML tokenizer reads them: a quote
// starts a value only after "name=" ('=' can start a name: "<b =\">" is a
// tag), so that quotes and '>' in values are where gumbo sees them. Sets
// *self_closing for a tag that ends with "/>" outside a value, and
// *attributes to how many it has.
size_t AttributesEnd(std::string_view html, size_t at, bool* self_closing, size_t* attributes) {
  enum { kBeforeName, kName, kAfterName, kBeforeValue } state = kBeforeName;
  bool slash = false;  // the last character read was a '/' outside a value
  *self_closing = false;
  *attributes = 0;
  while (at < html.size()) {
    const char c = html[at++];
    if (c == '>') {  // also "<a x=>"
      *self_closing = slash;
      return at;
    }
    slash = false;
    switch (state) {
      case kBeforeName:
      case kAfterName:
        if (c == '/') {
          slash = true;
          state = kBeforeName;
        } else if (c == '=' && state == kAfterName) {
          state = kBeforeValue;
        } else if (!IsHtmlSpace(c)) {
          state = kName;
          ++*attributes;
        }
        break;
      case kName:
        if (c == '/') {
          slash = true;
          state = kBeforeName;
        } else if (c == '=') {
          state = kBeforeValue;
        } else if (IsHtmlSpace(c)) {
          state = kAfterName;
        }
        break;
      case kBeforeValue:
        if (IsHtmlSpace(c)) break;
        if (c == '"' || c == '\'') {
          const size_t close = html.find(c, at);
          if (close == std::string_view::npos) return html.size();
          at = close + 1;
        } else {  // an unquoted value runs to a space or '>' ('/' included)
          while (at < html.size() && !IsHtmlSpace(html[at]) && html[at] != '>') ++at;
        }
        state = kBeforeName;
        break;
    }
  }
  return html.size();
}

// The end of the comment that starts at `at` ("<!--"), as gumbo ends it:
// at "-->" or "--!>", or at once for "<!-->" and "<!--->".
size_t CommentEnd(std::string_view html, size_t at) {
  if (html.compare(at, 5, "<!-->") == 0) return at + 5;
  if (html.compare(at, 6, "<!--->") == 0) return at + 6;
  for (size_t k = html.find("--", at + 4); k != std::string_view::npos; k = html.find("--", k + 1)) {
    if (html.compare(k, 3, "-->") == 0) return k + 3;
    if (html.compare(k, 4, "--!>") == 0) return k + 4;
  }
  return html.size();
}

// Past the first '>' from `at`, or the end of the input.
size_t PastGreater(std::string_view html, size_t at) {
  const size_t gt = html.find('>', at);
  return gt == std::string_view::npos ? html.size() : gt + 1;
}

// What starts at a '<', read as the HTML tokenizer reads it.
struct Markup {
  enum Kind { kText, kSkipped, kStart, kEnd };
  Kind kind = kText;  // kText: the '<' is text ("<3", "a < b"); kSkipped: a comment,
                      // doctype or bogus comment
  OpenTag tag{};      // kStart and kEnd
  bool self_closing = false;
  size_t attributes = 0;  // kStart and kEnd: how many
  size_t name_end = 0;    // kStart and kEnd: where the attributes start
  size_t end = 0;         // past it
};

Markup ReadMarkup(std::string_view html, size_t at) {
  Markup m;
  m.end = at + 1;
  if (at + 1 >= html.size()) return m;
  const char next = html[at + 1];
  if (html.compare(at, 4, "<!--") == 0) {
    m.kind = Markup::kSkipped;
    m.end = CommentEnd(html, at);
    return m;
  }
  if (next == '!' || next == '?') {
    m.kind = Markup::kSkipped;
    m.end = PastGreater(html, at + 2);
    return m;
  }
  const bool closing = next == '/';
  const size_t name = at + (closing ? 2 : 1);
  if (name >= html.size()) return m;  // "</" at the end is text
  if (!std::isalpha(static_cast<unsigned char>(html[name]))) {
    if (!closing) return m;
    m.kind = Markup::kSkipped;  // "</>", "</3...>"
    m.end = PastGreater(html, name);
    return m;
  }
  m.name_end = NameEnd(html, name);
  m.kind = closing ? Markup::kEnd : Markup::kStart;
  m.tag = TagAt(html, name, m.name_end);
  m.end = AttributesEnd(html, m.name_end, &m.self_closing, &m.attributes);
  return m;
}

// Where the text of a raw-text element, from `from`, ends: at its end tag
// ("</script" then a space, '/' or '>'), or npos.
size_t RawTextEnd(std::string_view html, size_t from, const OpenTag& tag) {
  for (size_t close = html.find("</", from); close != std::string_view::npos;
       close = html.find("</", close + 2)) {
    const size_t name = close + 2;
    if (name < html.size() && std::isalpha(static_cast<unsigned char>(html[name])) &&
        TagAt(html, name, NameEnd(html, name)) == tag) {
      return close;
    }
  }
  return std::string_view::npos;
}

// Formatting elements: gumbo keeps them in its list of active formatting
// elements until their end tag, and clones each one that a block closed
// (<p>, </div>...) before the next text or tag ("reconstruction").
bool IsFormatting(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_A: case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_CODE:
    case GUMBO_TAG_EM: case GUMBO_TAG_FONT: case GUMBO_TAG_I: case GUMBO_TAG_NOBR:
    case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_STRIKE: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_TT: case GUMBO_TAG_U:
      return true;
    default:
      return false;
  }
}

// Clones gumbo may make before ShallowPrefix cuts. Unclosed formatting
// elements with distinct attributes, each cloned again after every block
// ("<p><b id=1>x<p><b id=2>x..."), made 53 KB of HTML take 558 MB and 1.4 s
// (470 KB: 5.5 GB). A clone costs gumbo about 200 bytes, and as much again
// for each attribute it copies: it counts 1 unit, plus 1 an attribute, plus
// 1 per 64 bytes of its tag. The count is an upper bound (an element still
// open is not cloned): mail that closes its formatting elements counts about
// one unit a tag, and a 3.7 MB page with one <a> left open 280,000 in all. At
// most 300,000 units, or one per 8 bytes of a larger input: about 100 MB of
// clones, or 50 bytes a byte.
constexpr uint64_t kMaxCloneUnits = 300000;
constexpr uint64_t kCloneUnitBytes = 8;

// gumbo checks each attribute of a tag against the ones before it: 100,000
// attributes on one tag (689 KB) took 126 s. A tag with more is where
// ShallowPrefix cuts.
constexpr size_t kMaxAttributes = 64;

// The elements that put a marker in gumbo's list of active formatting
// elements: a formatting element before the last marker is not closed by its
// end tag, and closing one of these clears the list back to its marker.
bool PutsMarker(GumboTag tag) {
  return tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || tag == GUMBO_TAG_CAPTION ||
         tag == GUMBO_TAG_APPLET || tag == GUMBO_TAG_OBJECT || tag == GUMBO_TAG_MARQUEE ||
         tag == GUMBO_TAG_TEMPLATE;
}

// gumbo's list of active formatting elements, as ShallowPrefix follows it.
// It clears back to a marker only at an explicit end tag (gumbo also does
// when a cell closes implicitly), so it holds more, and only cuts sooner.
class ActiveFormattingList {
 public:
  uint64_t units() const { return units_; }

  void Marker() { entries_.push_back({{}, 0, 0, true}); }

  // An end tag of a marker's element: the entries back to the marker go.
  void ClearToMarker() {
    while (!entries_.empty()) {
      const Entry e = entries_.back();
      entries_.pop_back();
      units_ -= e.units;
      if (e.marker) return;
    }
  }

  // A formatting start tag; `attributes` hashes its bytes after the name.
  void Push(const OpenTag& tag, uint64_t attributes, uint64_t units) {
    // Three alike after the last marker at most ("Noah's Ark"): the earliest goes.
    size_t alike = 0, earliest = 0;
    for (size_t k = entries_.size(); k-- > 0 && !entries_[k].marker;) {
      if (entries_[k].tag == tag && entries_[k].attributes == attributes) {
        ++alike;
        earliest = k;
      }
    }
    if (alike >= 3) Erase(earliest);
    entries_.push_back({tag, attributes, units, false});
    units_ += units;
  }

  // A formatting end tag: the latest of its kind after the last marker goes.
  void Close(const OpenTag& tag) {
    for (size_t k = entries_.size(); k-- > 0 && !entries_[k].marker;) {
      if (entries_[k].tag == tag) {
        Erase(k);
        return;
      }
    }
  }

 private:
  struct Entry {
    OpenTag tag;
    uint64_t attributes;
    uint64_t units;
    bool marker;
  };
  void Erase(size_t k) {
    units_ -= entries_[k].units;
    entries_.erase(entries_.begin() + static_cast<long>(k));
  }
  std::vector<Entry> entries_;
  uint64_t units_ = 0;
};

uint64_t HashBytes(std::string_view bytes) {
  uint64_t h = 14695981039346656037ull;
  for (char c : bytes) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

// How many tags might start in `text` ('<' then a letter).
size_t PossibleTags(std::string_view text) {
  size_t n = 0;
  for (size_t k = text.find('<'); k != std::string_view::npos; k = text.find('<', k + 1)) {
    n += k + 1 < text.size() && std::isalpha(static_cast<unsigned char>(text[k + 1]));
  }
  return n;
}

// gumbo's scope checks walk its stack of open elements, at many tags: an
// <li> under 998 open <div>s walks all of them (2 MB of it took 7.7 s), and
// so does each character of text while a formatting element is active (1 MB
// of text after a <b> under deep cells: 4.8 s). The depth at each tag, and
// an eighth of it for each such character, is counted, and past 20,000,000,
// or 16 per byte of a larger input, is where ShallowPrefix cuts.
constexpr uint64_t kMaxStackWalk = 20000000;
constexpr uint64_t kStackWalkPerByte = 16;

// An element open in ShallowPrefix's count; `foreign`: an SVG or MathML one.
struct OpenElement {
  OpenTag tag;
  bool foreign;
};

// SVG and MathML elements whose content is HTML (integration points; all of
// <annotation-xml>, which counts more).
bool HoldsHtml(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_FOREIGNOBJECT: case GUMBO_TAG_DESC: case GUMBO_TAG_TITLE:
    case GUMBO_TAG_ANNOTATION_XML: case GUMBO_TAG_MI: case GUMBO_TAG_MO: case GUMBO_TAG_MN:
    case GUMBO_TAG_MS: case GUMBO_TAG_MTEXT:
      return true;
    default:
      return false;
  }
}

// HTML start tags that end SVG and MathML content: gumbo closes the foreign
// elements and reads them as HTML. (<font> does with some attributes only;
// left out, it counts more.)
bool BreaksOut(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_B: case GUMBO_TAG_BIG: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_BODY:
    case GUMBO_TAG_BR: case GUMBO_TAG_CENTER: case GUMBO_TAG_CODE: case GUMBO_TAG_DD:
    case GUMBO_TAG_DIV: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_EM:
    case GUMBO_TAG_EMBED: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
    case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_HEAD:
    case GUMBO_TAG_HR: case GUMBO_TAG_I: case GUMBO_TAG_IMG: case GUMBO_TAG_LI:
    case GUMBO_TAG_LISTING: case GUMBO_TAG_MENU: case GUMBO_TAG_META: case GUMBO_TAG_NOBR:
    case GUMBO_TAG_OL: case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_RUBY:
    case GUMBO_TAG_S: case GUMBO_TAG_SMALL: case GUMBO_TAG_SPAN: case GUMBO_TAG_STRONG:
    case GUMBO_TAG_STRIKE: case GUMBO_TAG_SUB: case GUMBO_TAG_SUP: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TT: case GUMBO_TAG_U: case GUMBO_TAG_UL: case GUMBO_TAG_VAR:
      return true;
    default:
      return false;
  }
}

size_t ShallowPrefix(std::string_view html) {
  std::vector<OpenElement> open;
  // Whether the current element is SVG or MathML; and whether what it holds
  // is read as SVG or MathML (not at an integration point), where HTML's
  // rules (elements that never nest, raw text, formatting) do not apply.
  auto in_foreign_element = [&] { return !open.empty() && open.back().foreign; };
  auto in_foreign_content = [&] { return in_foreign_element() && !HoldsHtml(open.back().tag.tag); };
  ActiveFormattingList active;
  uint64_t clone_units = 0, stack_walk = 0;
  const uint64_t max_clone_units = std::max<uint64_t>(kMaxCloneUnits, html.size() / kCloneUnitBytes);
  const uint64_t max_stack_walk = std::max<uint64_t>(kMaxStackWalk, html.size() * kStackWalkPerByte);
  size_t text_from = 0;  // where the text before the next markup starts
  for (size_t i = html.find('<'); i != std::string_view::npos; ) {
    const size_t at = i;
    if (in_foreign_element() && html.compare(at, 9, "<![CDATA[") == 0) {  // text to "]]>"
      const size_t close = html.find("]]>", at + 9);
      if (close == std::string_view::npos) break;
      text_from = close + 3;
      i = html.find('<', text_from);
      continue;
    }
    // With a formatting element active, each character of text walks the
    // stack (gumbo's reconstruction looks for it): an eighth of a tag's walk.
    // Too much, and the cut comes before the text.
    if (active.units() > 0) stack_walk += open.size() * (at - std::min(at, text_from)) / 8;
    if (stack_walk > max_stack_walk) return std::min(at, text_from);
    const Markup m = ReadMarkup(html, at);
    // The text before the markup and the markup itself may each clone all
    // active formatting elements, and a tag may walk the open elements.
    clone_units += active.units() * ((at > text_from ? 1 : 0) + (m.kind != Markup::kText ? 1 : 0));
    stack_walk += m.kind == Markup::kStart || m.kind == Markup::kEnd ? open.size() : 0;
    if (clone_units > max_clone_units || stack_walk > max_stack_walk ||
        m.attributes > kMaxAttributes) {
      return at;
    }
    i = html.find('<', m.end);
    text_from = m.end;
    if (m.kind == Markup::kText || m.kind == Markup::kSkipped) continue;
    const bool closing = m.kind == Markup::kEnd;
    if (closing) {
      if (!open.empty() && open.back().tag == m.tag) open.pop_back();
    } else if (in_foreign_content() && BreaksOut(m.tag.tag)) {
      while (in_foreign_content()) open.pop_back();
    }
    const bool html_rules = !in_foreign_content();
    if (html_rules && PutsMarker(m.tag.tag)) {
      if (closing) {
        active.ClearToMarker();
      } else {
        active.Marker();
      }
    }
    if (html_rules && IsFormatting(m.tag.tag)) {
      if (closing) {
        active.Close(m.tag);
      } else {
        active.Push(m.tag, HashBytes(html.substr(m.name_end, m.end - m.name_end)),
                    1 + m.attributes / 4 + (m.end - at) / 64);
      }
    }
    if (closing) continue;
    if (html_rules && HoldsRawText(m.tag.tag)) {  // on at its end tag
      const size_t close =
          m.tag.tag == GUMBO_TAG_PLAINTEXT ? std::string_view::npos : RawTextEnd(html, m.end, m.tag);
      // Where gumbo does not take it for raw text ("<select><style>"), its
      // tags nest: when they could nest too deep, the cut comes before it.
      const std::string_view text =
          html.substr(m.end, close == std::string_view::npos ? std::string_view::npos : close - m.end);
      if (open.size() + PossibleTags(text) > kMaxOpenTags) return at;
      if (close == std::string_view::npos) break;
      i = close;
      text_from = close;
      continue;
    }
    const bool svg_or_math = m.tag.tag == GUMBO_TAG_SVG || m.tag.tag == GUMBO_TAG_MATH;
    const bool foreign = !html_rules || svg_or_math;
    if (!foreign && NeverNests(m.tag.tag)) continue;
    // "<path/>": SVG and MathML elements can close themselves.
    if (foreign && m.self_closing) continue;
    if (open.size() == kMaxOpenTags) return at;
    open.push_back({m.tag, foreign});
  }
  // The text after the last markup.
  if (active.units() > 0 && text_from < html.size() &&
      stack_walk + open.size() * (html.size() - text_from) / 8 > max_stack_walk) {
    return text_from;
  }
  return html.size();
}

// Quote marks written before a line at most: quotes nested deeper read as
// quoted all the same, and 400 marks on every line would turn 1 MB of HTML
// into hundreds of MB of text.
constexpr int kMaxQuoteMarks = 10;

class TextWriter {
 public:
  explicit TextWriter(std::string* out) : out_(out) {}

  void Text(std::string_view s, bool pre) {
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      // U+00A0 (no-break space) reads as a space.
      if (c == '\xc2' && i + 1 < s.size() && s[i + 1] == '\xa0') {
        c = ' ';
        ++i;
      }
      if (pre && c == '\n') {
        Break(1);
        continue;
      }
      if (!pre && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f')) {
        space_ = true;
        continue;
      }
      if (c == '\r') continue;
      if (at_line_start_) {
        for (int d = 0; d < std::min(depth_, kMaxQuoteMarks); ++d) out_->append("> ");
        at_line_start_ = false;
        space_ = false;
      } else if (space_) {
        out_->push_back(' ');
        space_ = false;
      }
      out_->push_back(c);
      newlines_ = 0;
    }
  }

  // Ends the current line; `lines` 2 leaves a blank line (at most one).
  void Break(int lines) {
    space_ = false;
    if (out_->empty()) return;
    while (newlines_ < lines) {
      if (newlines_ > 0 && depth_ > 0) {
        for (int d = 0; d < std::min(depth_, kMaxQuoteMarks); ++d) out_->append(">");
      }
      out_->push_back('\n');
      ++newlines_;
    }
    at_line_start_ = true;
  }

  // <br>: ends the line, or leaves a blank line when the line is empty.
  void LineBreak() { Break(at_line_start_ ? 2 : 1); }

  // A line of its own, e.g. the "-- " signature separator.
  void Line(std::string_view s) {
    Break(1);
    out_->append(s);
    out_->push_back('\n');
    newlines_ = 1;
    at_line_start_ = true;
  }

  void Enter() { ++depth_; }
  void Leave() { --depth_; }

 private:
  std::string* out_;
  int depth_ = 0;
  int newlines_ = 0;
  bool at_line_start_ = true;
  bool space_ = false;
};

// Writes a parsed document's text. The walk keeps its own stack of open
// elements, not the call stack: every level of hostile nesting is read (a
// cap on depth dropped the text under 500 nested <div>s).
class Walker {
 public:
  explicit Walker(TextWriter* w) : w_(w) {}

  void Walk(const GumboNode* root) {
    Visit(root);
    while (!open_.empty()) {
      Frame& f = open_.back();
      const GumboVector& children = f.node->type == GUMBO_NODE_DOCUMENT
                                        ? f.node->v.document.children
                                        : f.node->v.element.children;
      if (f.next < children.length) {
        Visit(static_cast<const GumboNode*>(children.data[f.next++]));  // may grow open_
        continue;
      }
      if (f.pre) --pre_;
      if (f.break_lines > 0) w_->Break(f.break_lines);
      if (f.quote) w_->Leave();
      open_.pop_back();
    }
  }

 private:
  // An element whose children are being read, and what closing it writes.
  struct Frame {
    const GumboNode* node;
    unsigned next;    // its next child
    int break_lines;  // lines ended after it (a block), or 0
    bool quote;
    bool pre;
  };

  // Writes a text node; opens an element (or the document) for its children.
  void Visit(const GumboNode* node) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_WHITESPACE ||
        node->type == GUMBO_NODE_CDATA) {
      w_->Text(node->v.text.text, pre_ > 0);
      return;
    }
    if (node->type == GUMBO_NODE_DOCUMENT) {
      open_.push_back({node, 0, 0, false, false});
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
    const GumboElement& e = node->v.element;
    if (IsSkippedElement(e)) return;
    if (e.tag == GUMBO_TAG_BR) {
      // A <br> on an empty line is a blank line, as a browser shows it
      // (Gmail writes blank lines as <div><br></div>).
      w_->LineBreak();
      return;
    }
    if (e.tag == GUMBO_TAG_IMG || e.tag == GUMBO_TAG_INPUT) {
      // What a mail client shows for them: an image's alt text (images are
      // blocked by default), a button's or a field's value.
      const std::string_view shown = Attribute(e, e.tag == GUMBO_TAG_IMG ? "alt" : "value");
      if (!shown.empty() && (e.tag == GUMBO_TAG_IMG || ShowsValue(e))) {
        w_->Text(" ", false);
        w_->Text(shown, false);
        w_->Text(" ", false);
      }
    }
    if (!outlook_quoted_ && StartsOutlookQuote(e)) {
      outlook_quoted_ = true;
      w_->Break(1);
      w_->Enter();  // stays entered: all that follows is quoted
    }
    const bool quote = IsQuote(e);
    const int break_lines = IsBlock(e.tag) || quote ? (e.tag == GUMBO_TAG_P ? 2 : 1) : 0;
    if (IsSignature(e)) w_->Line("-- ");
    if (break_lines > 0) w_->Break(break_lines);
    if (quote) w_->Enter();
    const bool pre = e.tag == GUMBO_TAG_PRE;
    if (pre) ++pre_;
    if (e.tag == GUMBO_TAG_TD || e.tag == GUMBO_TAG_TH) w_->Text(" ", false);
    open_.push_back({node, 0, break_lines, quote, pre});
  }

  TextWriter* w_;
  std::vector<Frame> open_;
  bool outlook_quoted_ = false;
  int pre_ = 0;
};

// Text for gumbo: '<' and '&' escaped.
void AppendEscaped(std::string_view text, std::string* out) {
  for (char c : text) {
    if (c == '<') {
      out->append("&lt;");
    } else if (c == '&') {
      out->append("&amp;");
    } else {
      out->push_back(c);
    }
  }
}

// What follows the nesting cut, as HTML without nesting: all of its text,
// <br> for each block or line break, a space for each table cell, and no
// other tag (tags read as ShallowPrefix reads them). The text of comments,
// scripts, styles and other raw-text elements is kept too: where this
// reading and gumbo's disagree (a <style> that gumbo ignores in a <select>,
// a script's "<!--<script>"), text the reader sees must not go, and past a
// cut (hostile or broken HTML) more text is the safe side. Nothing opens an
// element, so gumbo parses it in linear time (before, the text past the cut
// was dropped: 1,000 unclosed <font>s hid a request written after them).
std::string WithoutNesting(std::string_view html) {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  size_t i = 0;
  while (i < html.size()) {
    const size_t lt = html.find('<', i);
    if (lt == std::string_view::npos) {
      out.append(html.substr(i));
      break;
    }
    out.append(html.substr(i, lt - i));
    const Markup m = ReadMarkup(html, lt);
    i = m.end;
    if (m.kind == Markup::kText || m.kind == Markup::kSkipped) {
      AppendEscaped(html.substr(lt, m.end - lt), &out);
      continue;
    }
    const GumboTag tag = m.tag.tag;
    if (IsBlock(tag) || tag == GUMBO_TAG_BR) out.append("<br>");
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) out.push_back(' ');
    if (m.kind == Markup::kEnd || !HoldsRawText(tag)) continue;
    const size_t close =
        tag == GUMBO_TAG_PLAINTEXT ? std::string_view::npos : RawTextEnd(html, i, m.tag);
    const size_t text_end = close == std::string_view::npos ? html.size() : close;
    AppendEscaped(html.substr(i, text_end - i), &out);
    i = text_end;  // its end tag is read next
  }
  return out;
}

// Whether the document is a frameset: gumbo drops the text of its body.
bool IsFrameset(const GumboOutput& doc) {
  if (doc.root == nullptr || doc.root->type != GUMBO_NODE_ELEMENT) return false;
  const GumboVector& children = doc.root->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_FRAMESET) {
      return true;
    }
  }
  return false;
}

// Parses `html` and writes its text. A frameset document is read without its
// tags: mail clients show no frames, and its text would be lost
// ("<frameset></frameset>" before a request hid it).
void WriteText(std::string_view html, Walker* walker) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // no error list: we never read it
  GumboOutput* doc = gumbo_parse_with_options(&options, html.data(), html.size());
  if (doc == nullptr) return;
  const bool frameset = IsFrameset(*doc);
  if (!frameset) walker->Walk(doc->document);
  gumbo_destroy_output(&options, doc);
  if (frameset) WriteText(WithoutNesting(html), walker);
}

}  // namespace

void HtmlToText(std::string_view html, std::string* out) {
  out->clear();
  TextWriter writer(out);
  Walker walker(&writer);
  const size_t cut = ShallowPrefix(html);
  WriteText(html.substr(0, cut), &walker);
  if (cut < html.size()) {
    writer.Break(2);
    WriteText(WithoutNesting(html.substr(cut)), &walker);
  }
  // Drop trailing blank lines, quoted ones (">") included.
  for (;;) {
    while (!out->empty() && (out->back() == '\n' || out->back() == ' ')) out->pop_back();
    const size_t line = out->rfind('\n') + 1;  // npos + 1 == 0
    if (line == out->size() || out->find_first_not_of('>', line) != std::string::npos) break;
    out->resize(line);
  }
  if (!out->empty()) out->push_back('\n');
}

}  // namespace mail
}  // namespace meetintent
