"""How a kernel object shows itself, attached from outside: a registry of presenters.

The claim kernel (:mod:`gradproof.claims`, :mod:`gradproof.logic`, :mod:`gradproof.derivation`)
prints nothing itself and imports no printer. Its classes' ``_repr_html_``, ``_repr_markdown_``,
``_repr_latex_`` and ``__str__`` ask this module for a *presenter*: a function from the object to
text in one format, registered for the object's class (or a base class: the lookup follows the
method resolution order). :mod:`gradproof.display` registers the printers at import, and it is
imported wherever such an object can be made (:mod:`gradproof.proofs`, the checker).

This module imports nothing from gradproof (it is a leaf of the import graph)::

    from gradproof import presenters

    presenters.register(Claim, presenters.HTML, claim_html)
    presenters.register("gradproof.logic.Statement", presenters.LATEX, statement_latex)
    presenters.present(claim, presenters.HTML)  # claim_html(claim), or None if none registered
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

#: the formats: Jupyter's MIME types, and two of gradproof's own
HTML = "text/html"
MARKDOWN = "text/markdown"
LATEX = "text/latex"
#: what the command line prints for the object (``gradproof show``/``check``/``check-steps``)
REPORT = "text/plain"
#: a formal statement on its own, in Unicode (``Statement.pretty()``)
FORMULA = "text/x-formula"

FORMATS = (HTML, MARKDOWN, LATEX, REPORT, FORMULA)

Presenter = Callable[[Any], str]
F = TypeVar("F", bound=Presenter)

#: (the class's ``module.qualname``, format) → presenter
_PRESENTERS: dict[tuple[str, str], Presenter] = {}


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register(cls: type | str, fmt: str, presenter: Presenter) -> None:
    """Show instances of ``cls`` (and of its subclasses) in ``fmt`` with ``presenter``.

    ``cls`` is the class or its dotted name (``"gradproof.logic.Statement"``): by name, the
    registering module need not import the class's module (as IPython's ``for_type_by_name``).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    _PRESENTERS[(cls if isinstance(cls, str) else _name(cls), fmt)] = presenter


def presenter(cls: type | str, fmt: str) -> Callable[[F], F]:
    """Decorator form of :func:`register`."""

    def decorate(func: F) -> F:
        register(cls, fmt, func)
        return func

    return decorate


def lookup(cls: type, fmt: str) -> Presenter | None:
    """The presenter for ``cls`` in ``fmt``: the one registered for the nearest class in its
    method resolution order, or None."""
    for klass in cls.__mro__:
        found = _PRESENTERS.get((_name(klass), fmt))
        if found is not None:
            return found
    return None


def present(obj: object, fmt: str) -> str | None:
    """``obj`` in ``fmt`` through its registered presenter, or None when there is none."""
    found = lookup(type(obj), fmt)
    return None if found is None else found(obj)


def shorten(text: str, width: int) -> str:
    """Prose ``text`` on one line, cut at a word to at most ``width`` characters (ending in …):
    the one-line ``repr`` of a claim, a result or a derivation."""
    words = " ".join(text.split())
    if len(words) <= width:
        return words
    return words[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"


def short_text(obj: object, width: int) -> str:
    """:func:`text` of ``obj`` cut to at most ``width`` characters, ending in …, never inside a
    script group: ``Σ_{q=1}^{n}`` is kept whole or left out, so no ``_{`` without its ``}``
    reaches a page."""
    out = text(obj)
    if len(out) <= width:
        return out
    cut = out[: width - 1]
    depth, safe = 0, len(cut)
    for i, ch in enumerate(cut):
        if ch == "{":
            if depth == 0:
                safe = i - 1 if i and cut[i - 1] in "_^" else i  # before the whole x_{…}
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
    if depth:  # an unclosed group: cut before it
        cut = cut[: max(safe, 0)]
    return cut.rstrip().rstrip("_^") + "…"  # nor a script mark without its script


def text(obj: object) -> str:
    """``obj`` as one piece of text for a message (an evidence detail, an error): its
    :data:`FORMULA` presenter when one is registered (e.g. the notation printer for SymPy
    expressions, by the name ``"sympy.core.basic.Basic"``), else ``str(obj)``. The kernel's
    detail strings use this instead of importing a printer."""
    shown = present(obj, FORMULA)
    return str(obj) if shown is None else shown
