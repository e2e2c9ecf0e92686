r"""LaTeX → MathML Core, typeset for a reader: the one converter of the pages and the notebooks.

:func:`to_mathml` converts with latex2mathml (the ``docs`` extra, imported when called) and then
corrects what latex2mathml leaves to the browser but MathML Core renders unlike TeX:

* fences: ``(``, ``)``, ``[``, … get their prefix/postfix form and no space of their own, so
  ``f(x)`` is not spaced like ``f ( x )`` (latex2mathml leaves them bare in a row, where a
  browser may take them for infix operators); ``\left(`` … ``\right)`` stretch around a
  fraction, limits, a root or a table, and are the plain glyph around a line of text (a
  stretched glyph of the same size brings side bearings that space ``σ( z )`` apart);
* primes: ``σ′`` and ``f′`` are one ``<mi>`` (the italic letter and the prime), not the letter
  with a script-size prime as its superscript; ``σ′^2`` keeps the 2 as the superscript;
* display style: with ``displaystyle`` (block math, derivation-table cells) Σ/∏ are large with
  their limits above and below (``munderover``), fractions are full size, and a fraction inside
  a fraction is set in display style too instead of shrinking to script size; inline, the
  limits move to the side as TeX does;
* names: ``\operatorname{tr}``, ``\ln``, ``\max`` are upright names with TeX's thin space before
  an argument that is not parenthesised; ``\mathrm{d}`` stays upright; capital Greek letters are
  upright (TeX's convention); ``∂`` and ``∞`` are ordinary symbols, not operators;
* alignment: the cells of an ``array`` carry an inline ``text-align`` (MathML Core has no
  ``columnalign``), so tables align without a stylesheet.

Anything latex2mathml cannot convert or passes through unconverted (an unknown macro, a stray
``&``) raises :class:`ValueError`: a page never shows raw TeX.

No SymPy, no Sphinx: importing this module is cheap.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

__all__ = ["MATH_FONTS", "to_mathml", "unconverted"]

#: The font stack for math: OpenType MATH fonts first (the docs ship STIX Two Math in
#: ``_static``), then the browser's default math font.
MATH_FONTS = '"STIX Two Math", "Latin Modern Math", "Cambria Math", math'

_NS = "http://www.w3.org/1998/Math/MathML"

# aligned/split are not supported by latex2mathml; array is (an mtable)
_REWRITES = (
    (r"\begin{aligned}", r"\begin{array}{rl}"),
    (r"\end{aligned}", r"\end{array}"),
    (r"\begin{split}", r"\begin{array}{rl}"),
    (r"\end{split}", r"\end{array}"),
)
# an unknown macro comes out as <mi>\foo</mi>; a stray '&' as <mi>&</mi> (not even valid XML)
_LEFTOVER = re.compile(r"<mi>&</mi>|>[^<]*\\[^<]*<|<merror")
# \mathrm{d} comes out as <mi>&#x00064;</mi> where a plain d is <mi>d</mi>: keep it upright
_UPRIGHT_LETTER = re.compile(r"<mi>&#x000(4[1-9A-F]|5[0-9A]|6[1-9A-F]|7[0-9A]);</mi>")

_OPEN = frozenset("([{⟨⌈⌊")
_CLOSE = frozenset(")]}⟩⌉⌋")
#: absolute-value and norm bars: the same glyph opens and closes
_BARS = frozenset("|‖∣∥")
_PRIMES = frozenset("′″‴")
#: operators whose limits go above and below in display style (as scripts inline)
_LIMIT_OPS = frozenset("∑∏∐⋀⋁⋂⋃⨀⨁⨂⨄⨆")
_LIMIT_NAMES = frozenset(
    {"lim", "max", "min", "sup", "inf", "limsup", "liminf", "det", "gcd", "Pr", "argmax", "argmin"}
)
_THIN = "0.1667em"
#: elements whose children are laid out as one row
_ROWS = frozenset({"mrow", "math", "mtd", "mstyle", "msqrt", "mpadded", "mphantom"})
#: scripts of a large operator → its limits (latex2mathml writes either, display or not)
_LIMITS = {
    "msub": "munder",
    "msup": "mover",
    "msubsup": "munderover",
    "munder": "munder",
    "mover": "mover",
    "munderover": "munderover",
}


def unconverted(mathml: str) -> list[str]:
    r"""What latex2mathml passed through unconverted: an unknown macro (text with a ``\``), an
    alignment ``&`` outside a supported environment (``<mi>&</mi>``), an ``<merror>``."""
    return _LEFTOVER.findall(mathml)


def to_mathml(tex: str, display: bool, *, displaystyle: bool | None = None, style: str = "") -> str:
    r"""``tex`` as one ``<math>`` element of MathML Core, corrected as described above.

    ``display``: a block formula (``display="block"``) or inline. ``displaystyle`` (default:
    ``display``) sets the formula in display style without making it a block, as in the cells
    of a derivation table. ``style`` is written as the ``<math>`` element's ``style`` attribute
    (the notebooks' displays, which cannot rely on a stylesheet, pass the font there).

    Raises :class:`ValueError` when latex2mathml cannot convert ``tex`` or leaves part of it
    unconverted; :class:`ImportError` without latex2mathml (the ``docs`` extra).
    """
    from latex2mathml.converter import convert

    source = tex.strip()
    for old, new in _REWRITES:
        source = source.replace(old, new)
    try:
        raw = str(convert(source, display="block" if display else "inline"))
    except Exception as exc:
        raise ValueError(
            f"latex2mathml cannot convert {tex!r}: {type(exc).__name__}: {exc}"
        ) from exc
    leftover = unconverted(raw)
    if leftover:
        raise ValueError(f"latex2mathml left {', '.join(leftover)} unconverted in {tex!r}")
    raw = _UPRIGHT_LETTER.sub(r'<mi mathvariant="normal">&#x000\1;</mi>', raw)
    raw = raw.replace(f' xmlns="{_NS}"', "", 1)
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:  # pragma: no cover - latex2mathml writes well-formed XML
        raise ValueError(f"latex2mathml wrote malformed MathML for {tex!r}: {exc}") from exc
    if _empty_scripts(root):
        raise ValueError(f"latex2mathml left an empty script element in {tex!r}")
    dstyle = display if displaystyle is None else displaystyle
    _polish(root, dstyle)
    attrs = {"xmlns": _NS, "display": "block" if display else "inline"}
    if dstyle:
        attrs["displaystyle"] = "true"
    if style:
        attrs["style"] = style
    root.attrib.clear()
    root.attrib.update(attrs)
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


# --------------------------------------------------------------------------- the corrections

_SCRIPTED = {"msub": 1, "msup": 1, "msubsup": 2, "munder": 1, "mover": 1, "munderover": 2}


def _empty_scripts(root: ET.Element) -> bool:
    """A script element without its base or scripts (what a stray ``\\limits`` becomes)."""
    return any(len(el) < n + 1 for el in root.iter() if (n := _SCRIPTED.get(el.tag)) is not None)


def _text(el: ET.Element) -> str:
    return (el.text or "").strip()


def _italic(ch: str) -> str:
    """The mathematical italic code point of a Latin or lowercase Greek letter (else ``ch``).

    A ``<mi>`` of one character is italic by itself; the prime makes it two characters, which
    MathML Core sets upright, so the letter is written in its italic form.
    """
    if "a" <= ch <= "z":
        return "ℎ" if ch == "h" else chr(0x1D44E + ord(ch) - ord("a"))
    if "A" <= ch <= "Z":
        return chr(0x1D434 + ord(ch) - ord("A"))
    if "α" <= ch <= "ω":
        return chr(0x1D6FC + ord(ch) - ord("α"))
    return ch


def _is_name(el: ET.Element) -> bool:
    """An upright function name (``ln``, ``\\operatorname{tr}``), possibly with scripts."""
    if el.tag in ("msub", "msup", "msubsup") and len(el):
        return _is_name(el[0])
    text = _text(el)
    return el.tag == "mi" and len(text) > 1 and text.isalpha() and el.get("mathvariant") != "normal"


def _opens(el: ET.Element | None) -> bool:
    """``el`` starts with an opening fence (a function's parenthesised argument)."""
    while el is not None and el.tag in ("mrow", "msub", "msup", "msubsup") and len(el):
        el = el[0]
    return el is not None and el.tag == "mo" and (_text(el) in _OPEN or el.get("form") == "prefix")


def _prime_script(script: ET.Element) -> tuple[str, list[ET.Element]] | None:
    """``(primes, rest)`` when a superscript is a prime (``′``), or a prime then more (``′2``)."""
    if script.tag in ("mi", "mo") and _text(script) and set(_text(script)) <= _PRIMES:
        return _text(script), []
    if script.tag == "mrow" and len(script) and _prime_script(script[0]) is not None:
        primes, _ = _prime_script(script[0]) or ("", [])
        return primes, list(script)[1:]
    return None


def _primed(el: ET.Element) -> ET.Element | None:
    """``σ′`` as one ``<mi>`` (and ``σ′²`` as that ``<mi>`` with the superscript 2)."""
    if el.tag not in ("msup", "msubsup") or len(el) < 2:
        return None
    base, sup = el[0], el[-1]
    found = _prime_script(sup)
    if found is None or base.tag not in ("mi", "mo") or not _text(base):
        return None
    primes, rest = found
    name = _text(base)
    if len(name) == 1 and base.get("mathvariant") != "normal" and not ("Α" <= name <= "Ω"):
        name = _italic(name)
    mi = ET.Element("mi")
    mi.text = name + primes
    if len(name) == 1 and base.get("mathvariant") == "normal":
        mi.set("mathvariant", "normal")  # pragma: no cover - two characters are upright anyway
    if el.tag == "msubsup":  # f′_k: the prime on the letter, the index after it
        sub = ET.Element("msub")
        sub.extend([mi, el[1]])
        mi = sub
    if not rest:
        return mi
    row = ET.Element("mrow")
    row.extend(rest)
    out = ET.Element("msup")
    out.extend([mi, row])
    return out


def _polish(el: ET.Element, display: bool) -> None:
    """Apply the corrections to ``el``'s children (recursively), in place."""
    for i, child in enumerate(list(el)):
        replacement = _primed(child)
        if replacement is not None:
            el[i] = child = replacement
        _polish(child, display)
    _polish_self(el, display)
    _space_names(el)
    _unary_signs(el)
    if el.tag in _LIMITS:  # TeX sets no space around = or + in a script: k=2, β=b₁
        for script in list(el)[1:]:
            for mo in script.iter("mo"):
                if mo.get("lspace") is None:
                    mo.set("lspace", "0")
                    mo.set("rspace", "0")


def _polish_self(el: ET.Element, display: bool) -> None:
    tag, text = el.tag, _text(el)
    if tag == "mo":
        if not text:  # \left. or \right.: an invisible fence takes no room
            el.set("lspace", "0")
            el.set("rspace", "0")
        elif text in _OPEN or text in _CLOSE:
            el.set("form", "prefix" if text in _OPEN else "postfix")
            el.set("lspace", "0")
            el.set("rspace", "0")
        elif text in _BARS:  # |w|, ‖δ‖: a bar hugs what it encloses (infix, it is spaced out)
            el.set("lspace", "0")
            el.set("rspace", "0")
        elif text in ("∞", "∂", "∇"):  # ordinary symbols, not operators
            el.tag = "mi"
            el.attrib.clear()
            if text != "∂":
                el.set("mathvariant", "normal")
        elif text.isalpha() and len(text) > 1 and text not in _LIMIT_NAMES:
            el.tag = "mi"  # \operatorname{tr}: an upright name (spaced by _space_names)
            el.attrib.clear()
        elif text in _LIMIT_NAMES:
            el.set("lspace", _THIN)
            el.set("rspace", _THIN)
    elif tag == "mrow" and _fenced(el) and not any(_tall(c) for c in list(el)[1:-1]):
        for fence in (el[0], el[-1]):  # \left( z \right): a stretched glyph only when needed
            fence.set("stretchy", "false")
    elif tag == "mi" and len(text) == 1 and "Α" <= text <= "Ω":
        el.set("mathvariant", "normal")  # capital Greek upright, as TeX sets it
    elif (
        tag == "mrow"
        and len(el) > 1
        and all(
            c.tag == "mi" and c.get("mathvariant") == "normal" and len(_text(c)) == 1 for c in el
        )
    ):  # \mathrm{width}: one upright name, not five letters
        name = "".join(_text(c) for c in el)
        el.clear()
        el.tag = "mi"
        el.text = name
        el.set("mathvariant", "normal")  # a variable's name (Ord), not a function's
    elif tag in _LIMITS and len(el) and el[0].tag == "mo":
        op = _text(el[0])
        if op in _LIMIT_OPS or op in _LIMIT_NAMES:  # Σ_{i=1}^{n}: limits below and above
            el.tag = _LIMITS[tag]
            el[0].set("movablelimits", "true")  # … and beside it inline
    elif tag == "mfrac" and display:
        for part in el:  # a fraction inside a fraction stays full size
            if any(d.tag == "mfrac" for d in part.iter()):
                part.set("displaystyle", "true")
    elif tag == "mtd":
        align = el.get("columnalign")
        if align in ("left", "right", "center"):
            el.set("style", f"text-align: {align}")


_TALL = frozenset({"mfrac", "munder", "mover", "munderover", "msqrt", "mroot", "mtable"})


def _fenced(row: ET.Element) -> bool:
    """A ``\\left…\\right`` group: a row between two stretchy fences."""
    return (
        len(row) >= 2
        and all(f.tag == "mo" and f.get("stretchy") == "true" for f in (row[0], row[-1]))
        and row[0].get("form") == "prefix"
        and row[-1].get("form") == "postfix"
    )


def _tall(el: ET.Element) -> bool:
    """Taller than a line of text: a fraction, limits, a root, a table (or a stretched fence)."""
    return any(
        d.tag in _TALL or (d.tag == "mo" and d.get("stretchy") == "true" and d.get("fence"))
        for d in el.iter()
    )


def _space_names(row: ET.Element) -> None:
    """TeX's thin spaces around a function name: ``2 ln x`` but ``ln(x)``."""
    if row.tag not in _ROWS:
        return
    children = list(row)
    out: list[ET.Element] = []
    for i, child in enumerate(children):
        if _is_name(child):
            before = out[-1] if out else None
            if before is not None and before.tag != "mo" and before.tag != "mspace":
                out.append(_mspace())
            out.append(child)
            after = children[i + 1] if i + 1 < len(children) else None
            if after is not None and not _opens(after) and after.tag != "mo":
                out.append(_mspace())
        else:
            out.append(child)
    if len(out) != len(children):
        row[:] = out


_SIGNS = frozenset("+−-±∓")


def _unary_signs(row: ET.Element) -> None:
    """A sign at the start of a row, after an opening fence, a relation or another operator is
    unary (``(−y``, ``= −x``): no space between it and its operand, as TeX sets it."""
    if row.tag not in _ROWS:
        return
    before: ET.Element | None = None
    for child in row:
        if child.tag == "mspace":
            continue
        sign = child.tag == "mo" and _text(child) in _SIGNS and child.get("form") is None
        if sign and (before is None or (before.tag == "mo" and before.get("form") != "postfix")):
            child.set("form", "prefix")
            child.set("lspace", "0")
            child.set("rspace", "0")
        before = child


def _mspace() -> ET.Element:
    return ET.Element("mspace", {"width": _THIN})
