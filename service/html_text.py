"""Article text from CMS HTML: one paragraph per line, scripts and styles dropped, entities decoded.

CMS bodies arrive as HTML. The scorer wants the text a reader sees, with a paragraph break
wherever the page starts a new block (the corpus format: one paragraph per line), so that
sentence offsets refer to that text. The standard library's tolerant parser is enough:
it never builds a tree (deep nesting costs nothing), decodes entities, and treats the
content of ``script`` and ``style`` as raw text; the few inputs it chokes on are handled
below. No dependency to pin or keep up to date.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements that start and end a paragraph of their own (HTML's block-level and
# line-breaking elements, as a CMS body uses them).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "menu",
    "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
# Table cells sit side by side: a space between them, not a paragraph break.
CELL_TAGS = frozenset({"td", "th"})
# Elements whose content a reader never sees as article text.
DROPPED_TAGS = frozenset({"script", "style", "noscript", "template", "title"})


def extract_text(html: str) -> str:
    """The readable text of ``html``: one line per block, whitespace collapsed, nothing dropped shown.

    Never raises on any string, however malformed; returns "" when nothing readable remains.
    """
    # The parser rescans an unterminated tag to the end of the input once for every "<" that
    # follows the last ">": quadratic ("<a " * n takes 60 s at 50 kB). Such a "<" opens markup
    # that never ends, and the parser gives it back as text; escaped first, it costs one
    # pass, and the parser decodes "&lt;" back to "<". (Comments: see parse_comment.)
    last_close = html.rfind(">")
    html = html[:last_close + 1] + html[last_close + 1:].replace("<", "&lt;")
    parser = _ArticleTextParser()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.paragraphs)


class _ArticleTextParser(HTMLParser):
    """Collects paragraphs of text from the parser's events; see extract_text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._pieces: list[str] = []
        # Open dropped elements (noscript and template may nest, and may be left unclosed).
        self._dropped_depth = 0
        # Where a comment's end was searched for in vain (see parse_comment).
        self._no_comment_end: tuple[str, int] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in DROPPED_TAGS:
            self._dropped_depth += 1
        elif not self._dropped_depth:
            self._separate(tag)

    def handle_endtag(self, tag):
        if tag in DROPPED_TAGS:
            self._dropped_depth = max(0, self._dropped_depth - 1)
        elif not self._dropped_depth:
            self._separate(tag)

    def handle_startendtag(self, tag, attrs):
        # <br/>, <p/>: one break; a self-closed <script/> drops nothing after it.
        if tag not in DROPPED_TAGS and not self._dropped_depth:
            self._separate(tag)

    def handle_data(self, data):
        if not self._dropped_depth:
            self._pieces.append(data)

    def close(self):
        super().close()
        self._end_paragraph()

    def parse_comment(self, i, report=1):
        # The inherited search for a comment's end runs to the end of the input; with many
        # "<!--" and no end ("<p><!--" * n) that is quadratic. A search that found no end
        # from one position finds none from any later one in the same input, so remember it.
        failed = self._no_comment_end
        if failed is not None and failed[0] is self.rawdata and i >= failed[1]:
            return -1
        end = super().parse_comment(i, report)
        if end < 0:
            self._no_comment_end = (self.rawdata, i)
        return end

    def parse_marked_section(self, i, report=1):
        # HTML's rule: outside SVG and MathML, "<![...": CDATA sections and SGML's
        # conditional sections alike, is a bogus comment that ends at the next ">".
        # (The inherited SGML parser asserts on any keyword it does not know.)
        end = self.rawdata.find(">", i + 3)
        return -1 if end < 0 else end + 1

    def _separate(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self._end_paragraph()
        elif tag in CELL_TAGS:
            self._pieces.append(" ")

    def _end_paragraph(self) -> None:
        text = " ".join("".join(self._pieces).split())
        if text:
            self.paragraphs.append(text)
        self._pieces = []
