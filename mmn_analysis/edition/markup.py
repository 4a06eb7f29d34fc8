"""Markdown and HTML from the notebooks, made safe to publish.

Notebook prose is Markdown written from the tables (``mmn.story``, ``mmn.glance``): a label in a
table reaches the page through it. So every fragment is rendered, then cleaned to an allowlist of
tags and attributes (bleach): whatever a table or a notebook holds, it can become text, emphasis,
a list or a link, never a script, a style or an event handler.
"""

from __future__ import annotations

import functools

import bleach
from nbconvert.filters.markdown_mistune import markdown2html_mistune

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ATTRIBUTES = {
    "*": ["id", "title"],
    "a": ["href", "class", "id", "title"],
    "img": ["src", "alt", "width", "height"],
    "th": ["colspan", "rowspan", "scope"],
    "td": ["colspan", "rowspan"],
    "ol": ["start"],
}
PROTOCOLS = {"http", "https", "mailto"}


def clean(fragment: str) -> str:
    """An HTML fragment reduced to the allowed tags and attributes; anything else is dropped, its text kept."""
    return bleach.clean(
        fragment, tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True, strip_comments=True
    )


@functools.lru_cache(maxsize=8192)
def markdown(source: str) -> str:
    """Markdown as safe HTML (headings keep the ids Jupyter gives them, so links into a notebook hold).

    Rendering and cleaning take most of a site build; the result depends on the text alone, so a process that
    builds the site again (the tests do) renders each fragment once."""
    return clean(markdown2html_mistune(source))
