"""Cleaning an uploaded SVG (the kommune's coat of arms) before it is stored and printed.

An SVG is a document that can run script and fetch from anywhere; what we keep is a picture
that WeasyPrint and browsers draw from the bytes alone. `rens_svg` parses the file, keeps
only elements in the SVG namespace, drops what runs or fetches (script, foreignObject,
animation, event attributes, links and style outside the document itself) and writes the
tree out again with a serializer of our own (no namespace prefixes invented by ElementTree,
no comments, no processing instructions such as <?xml-stylesheet?>).

defusedxml is not installed, so entity expansion is refused outright: any DOCTYPE (where
entities are declared) makes the file unreadable to us. A coat of arms needs none.
"""

import re
import xml.etree.ElementTree as ET
from xml.parsers import expat
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

# elements that run code, embed other documents or change attributes over time (an <animate>
# or <set> can turn a harmless href into javascript: after cleaning)
FORBODNE = {
    "script",
    "foreignObject",
    "animate",
    "animateMotion",
    "animateTransform",
    "animateColor",
    "set",
    "discard",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "canvas",
}
# elements whose whole point is the thing they point at: without a safe target they go
MAAL_ELEMENT = {"use", "image", "feImage"}

# what follows each «url(»: its first character after blanks and an opening quote
_URL = re.compile(r"url\(\s*['\"]?\s*(.?)", re.IGNORECASE)
_BILETE_DATA = re.compile(r"^data:image/(png|jpeg);base64,[A-Za-z0-9+/=\s]*$", re.IGNORECASE)


def rens_svg(data: bytes) -> bytes:
    """The SVG without anything that runs or fetches, as UTF-8 bytes. ValueError (with a
    message for the user) when it is not an SVG we can read."""
    _sjekk_utan_doctype(data)
    try:
        rot = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ValueError(_("The file is not a readable SVG image.")) from exc
    if _lokalt(rot.tag) != "svg" or _ns(rot.tag) not in ("", SVG_NS):
        raise ValueError(_("The file is not an SVG image (its outermost element is not <svg>)."))
    _rens_attributt(rot, "svg")
    _rens(rot)
    ut = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _skriv(rot, ut, rot=True)
    return "".join(ut).encode("utf-8")


def _sjekk_utan_doctype(data):
    """Refuse DOCTYPE and entity declarations before building the tree: that is where
    «billion laughs» and external entities live. Expat reads the file's own encoding, so
    a UTF-16 file cannot hide its DOCTYPE from this check."""

    def nei(*_args):
        raise ValueError(_("The SVG file declares a DOCTYPE or entities, which are not allowed."))

    p = expat.ParserCreate()
    p.StartDoctypeDeclHandler = nei
    p.EntityDeclHandler = nei
    p.ExternalEntityRefHandler = nei
    try:
        p.Parse(data, True)
    except expat.ExpatError as exc:
        raise ValueError(_("The file is not a readable SVG image.")) from exc


def _ns(tag):
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _lokalt(tag):
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _trygg_href(verdi, element):
    v = verdi.strip()
    if v.startswith("#"):
        return True
    # a picture inside the picture, as bytes; never SVG in SVG (it could carry script)
    return element in ("image", "feImage") and bool(_BILETE_DATA.match(v))


def _trygg_css(tekst):
    """CSS that neither imports nor points outside the document: every url( must name a
    fragment (url(#gradient)). A backslash could spell «url» or «@import» in CSS escapes."""
    t = tekst.lower()
    if "@import" in t or "\\" in t:
        return False
    return all(m.group(1) == "#" for m in _URL.finditer(t))


def _rens(element):
    for barn in list(element):
        tag = barn.tag
        if not isinstance(tag, str):  # comments and processing instructions (not kept by the parser anyway)
            element.remove(barn)
            continue
        if _ns(tag) == "":
            barn.tag = tag = f"{{{SVG_NS}}}{tag}"  # an SVG written without its namespace
        namn = _lokalt(tag)
        if _ns(tag) != SVG_NS or namn in FORBODNE:
            element.remove(barn)  # editors' metadata (Inkscape, Sodipodi) and what runs
            continue
        if namn == "style" and not _trygg_css("".join(barn.itertext())):
            element.remove(barn)
            continue
        _rens_attributt(barn, namn)
        if namn in MAAL_ELEMENT and not any(k in barn.attrib for k in ("href", f"{{{XLINK_NS}}}href")):
            element.remove(barn)  # pointed outside: nothing left to draw
            continue
        _rens(barn)


def _rens_attributt(element, namn):
    for k, v in list(element.attrib.items()):
        ns, lokalt = _ns(k), _lokalt(k)
        if (
            ns not in ("", XLINK_NS, XML_NS)
            or lokalt.lower().startswith("on")
            or lokalt == "href"
            and not _trygg_href(v, namn)
            or ns == XML_NS
            and lokalt == "base"
        ):
            del element.attrib[k]
        elif not _trygg_css(v):
            # fill="url(#gradient)" stays; fill="url(http://…)" and style="@import …" go
            del element.attrib[k]


_PREFIKS = {XLINK_NS: "xlink:", XML_NS: "xml:"}


def _skriv(element, ut, rot=False):
    namn = _lokalt(element.tag)
    attr = []
    if rot:
        attr.append(f' xmlns="{SVG_NS}" xmlns:xlink="{XLINK_NS}"')
    for k, v in element.attrib.items():
        attr.append(f" {_PREFIKS.get(_ns(k), '')}{_lokalt(k)}={quoteattr(v)}")
    ut.append(f"<{namn}{''.join(attr)}>")
    if element.text:
        ut.append(escape(element.text))
    for barn in element:
        _skriv(barn, ut)
        if barn.tail:
            ut.append(escape(barn.tail))
    ut.append(f"</{namn}>")
