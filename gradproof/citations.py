"""The works gradproof verifies, cited by key: one bibliography for the code, the CLI and the docs.

A claim's ``source`` is one or more *citations* separated by ``;``, each a bibliography key
followed by a locator in the original's own numbering::

    "nielsen-ch5 eq. (122); notes-ps5 §3.1"

:func:`parse_source` splits and validates such a string (an unknown key is an error naming the
known ones); :func:`readable` turns it into the form a reader can look up, e.g.
"Nielsen, *Neural Networks and Deep Learning*, ch. 5, eq. (122); Lecture notes (problem set 5),
§3.1". ``docs/references.bib`` holds the same works for Sphinx (a test checks the two agree).

Standard library only: the claim kernel imports this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Work:
    """One cited work: its key, how a reader sees it in a citation, and its full reference.

    ``entry`` is the key of the work's one entry in ``docs/references.bib``: the three chapters
    of Nielsen's book are three citation keys (a locator such as eq. (122) is numbered within the
    book, the chapter tells the reader where to look) but one book, one bibliography entry. An
    empty ``entry``: not a bibliography work (the package citing its own modules).
    """

    key: str
    abbrev: str  # for narrow tables, e.g. "Nielsen ch. 5"
    short: str
    reference: str
    entry: str


#: Every work a claim may cite, by key. The order is the References page's order.
WORKS: dict[str, Work] = {
    w.key: w
    for w in (
        Work(
            "nielsen-ch5",
            "Nielsen ch. 5",
            "Nielsen, Neural Networks and Deep Learning, ch. 5",
            "Michael A. Nielsen, Neural Networks and Deep Learning, Determination Press, 2015, "
            'ch. 5 "Why are deep neural networks hard to train?", sections "The vanishing '
            'gradient problem", "What\'s causing the vanishing gradient problem? Unstable '
            'gradients in deep neural nets" and "Unstable gradients in more complex networks" '
            "(equation numbers (114)–(123) are the book's).",
            "nielsen2015",
        ),
        Work(
            "nielsen-ch2",
            "Nielsen ch. 2",
            "Nielsen, Neural Networks and Deep Learning, ch. 2",
            "Michael A. Nielsen, Neural Networks and Deep Learning, Determination Press, 2015, "
            'ch. 2 "How the backpropagation algorithm works" (the four fundamental equations '
            "(BP1)–(BP4) and the matrix forms (BP1a), (BP2) are the book's numbering).",
            "nielsen2015",
        ),
        Work(
            "nielsen-ch3",
            "Nielsen ch. 3",
            "Nielsen, Neural Networks and Deep Learning, ch. 3",
            "Michael A. Nielsen, Neural Networks and Deep Learning, Determination Press, 2015, "
            'ch. 3 "Improving the way neural networks learn", sections "The cross-entropy cost '
            'function" (equation numbers (54)–(62) are the book\'s) and "Softmax".',
            "nielsen2015",
        ),
        Work(
            "notes-ps5",
            "Notes PS5",
            "Lecture notes on Nielsen ch. 3 and 5 (problem set 5)",
            "Lecture notes on Nielsen, Neural Networks and Deep Learning, ch. 3 and ch. 5, with "
            '"Problem set 5" (problems 3-2, 3-3 and 3-6); their eq. (1) is the book\'s eq. (57).',
            "notes-ps5",
        ),
        Work(
            "kapur-2016",
            "Kapur 2016",
            'Kapur, "Rohan #4: The vanishing gradient problem"',
            'Rohan Kapur, "Rohan #4: The vanishing gradient problem", blog post, 16 March 2016.',
            "kapur-2016",
        ),
        Work(
            "vanishing-exploding",
            "Vanish. & expl. grads",
            '"Vanishing and Exploding Gradients"',
            '"Vanishing and Exploding Gradients", short web article (one neuron per layer, '
            "no biases).",
            "vanishing-exploding",
        ),
        Work(
            "gradient-vanish-mlp",
            "Gradient vanish MLP",
            '"How does gradient vanish in Multi-Layer Neural Network?"',
            '"How does gradient vanish in Multi-Layer Neural Network?", blog post (a chain of four '
            "sigmoid units with the squared-error cost; it points to Nielsen ch. 5 and to Bengio "
            "et al.'s deep learning book draft).",
            "gradient-vanish-mlp",
        ),
        Work(
            "poole-2016",
            "Poole et al. 2016",
            'Poole et al., "Exponential expressivity in deep neural networks through transient '
            'chaos"',
            "Ben Poole, Subhaneil Lahiri, Maithra Raghu, Jascha Sohl-Dickstein and Surya Ganguli, "
            '"Exponential expressivity in deep neural networks through transient chaos", Advances '
            "in Neural Information Processing Systems 29 (NIPS 2016), pp. 3360–3368; "
            "arXiv:1606.05340 (the mean-field variance map of signal propagation).",
            "poole-2016",
        ),
        Work(
            "schoenholz-2017",
            "Schoenholz et al. 2017",
            'Schoenholz et al., "Deep Information Propagation"',
            "Samuel S. Schoenholz, Justin Gilmer, Surya Ganguli and Jascha Sohl-Dickstein, "
            '"Deep Information Propagation", International Conference on Learning '
            "Representations (ICLR 2017); arXiv:1611.01232 (the backpropagated gradients' "
            "mean-field law E‖δˡ‖² = χ E‖δˡ⁺¹‖² and the critical line χ = 1).",
            "schoenholz-2017",
        ),
        Work(
            "he-2015",
            "He et al. 2015",
            'He et al., "Delving Deep into Rectifiers"',
            'Kaiming He, Xiangyu Zhang, Shaoqing Ren, Jian Sun, "Delving Deep into Rectifiers: '
            'Surpassing Human-Level Performance on ImageNet Classification", IEEE International '
            "Conference on Computer Vision (ICCV 2015), pp. 1026–1034.",
            "he-2015",
        ),
        Work(
            "gradproof",
            "gradproof",
            "gradproof",
            "gradproof itself (claims about the package's own modules, e.g. that they import).",
            "",
        ),
    )
}

_KEY = re.compile(r"^([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:\s+(.*))?$", re.S)


class CitationError(ValueError):
    """A source string names an unknown work or is not ``key locator; key locator; …``."""


@dataclass(frozen=True)
class Citation:
    """One cited place: a work's key and a locator in its numbering (``eq. (122)``, ``§3.1``)."""

    key: str
    locator: str = ""

    @property
    def work(self) -> Work:
        return WORKS[self.key]

    def readable(self) -> str:
        """``Short title, locator``, the form printed to readers."""
        return self.work.short + (f", {self.locator}" if self.locator else "")

    def compact(self) -> str:
        """``Abbreviation locator``, for narrow tables (``Nielsen ch. 5 eq. (122)``)."""
        return self.work.abbrev + (f" {self.locator}" if self.locator else "")


def parse_source(source: str) -> tuple[Citation, ...]:
    """Split ``"key locator; key locator"`` into :class:`Citation` objects, validating each key."""
    if not isinstance(source, str) or not source.strip():
        raise CitationError("a source must name at least one work, e.g. 'nielsen-ch5 eq. (122)'")
    out = []
    for part in source.split(";"):
        m = _KEY.match(part.strip())
        if m is None or m.group(1) not in WORKS:
            head = part.strip().split(" ", 1)[0][:40]
            raise CitationError(
                f"source {source[:200]!r}: {head!r} is not a bibliography key; known keys: "
                + ", ".join(WORKS)
            )
        out.append(Citation(m.group(1), " ".join((m.group(2) or "").split())))
    return tuple(out)


def readable(source: str) -> str:
    """The reader's form of a source string (see the module docstring)."""
    return "; ".join(c.readable() for c in parse_source(source))


def compact(source: str) -> str:
    """The narrow-table form of a source, e.g. ``Nielsen ch. 5 eq. (122); Notes PS5 §3.1``."""
    return "; ".join(c.compact() for c in parse_source(source))


def keys(source: str) -> tuple[str, ...]:
    """The citation keys a source string cites, in order, without repeats."""
    return tuple(dict.fromkeys(c.key for c in parse_source(source)))


def entries(source: str) -> tuple[str, ...]:
    """The ``docs/references.bib`` entries a source string cites, in order, without repeats
    (``nielsen-ch5`` and ``nielsen-ch3`` are both the book's entry; the package's own modules
    are none)."""
    return tuple(dict.fromkeys(c.work.entry for c in parse_source(source) if c.work.entry))


#: The bibliography's entries (``docs/references.bib``), each with the citation keys that cite it.
BIBLIOGRAPHY: dict[str, tuple[str, ...]] = {}
for _work in WORKS.values():
    if _work.entry:
        BIBLIOGRAPHY[_work.entry] = (*BIBLIOGRAPHY.get(_work.entry, ()), _work.key)


# --------------------------------------------------------------------------- locators checked

#: One place named in a locator, in the canonical forms of :mod:`gradproof.locators`. Order
#: matters: the longer forms ("problem after eq. (N)", "after eq. (N)") come before "eq. (N)".
_PLACE = re.compile(
    r"""
      (?P<problem_after>problem\ after\ eq\.\ \((?P<pa>\d+)\)(?:,\ part\ \((?P<part>\d+)\))?)
    | (?P<after>after\ eq\.\ \((?P<an>\d+)\))
    | (?P<problem_named>problem\ '(?P<pt>[^']+)')
    | (?P<problem_num>problem\ (?P<pn>\d+-\d+))
    | (?P<exercise>exercise\ in\ §'(?P<et>[^']+)')
    | (?P<section_named>§'(?P<st>[^']+)')
    | (?P<section_num>§(?P<sn>\d+(?:\.\d+)*))
    | (?P<eq>eq\.\ \((?P<e1>\d+)\)(?:–\((?P<e2>\d+)\))?)
    | (?P<bp>\((?P<b1>BP\d+a?)\)(?:–\((?P<b2>BP\d+a?)\))?)
    | (?P<passage>on\ '(?P<ph>[^']+)')
    | (?P<module>module\ (?P<mod>[\w.]+))
    """,
    re.X,
)
#: Words a locator may hold besides places and parenthesised remarks.
_FILLER = re.compile(r"^(?:[\s,;]|ff\.|generalised|and)*$")


def _without_remarks(text: str) -> str:
    """``text`` with its (balanced, possibly nested) parenthesised remarks removed."""
    out, depth = [], 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def places(locator: str) -> tuple[str, ...]:
    """The places a locator names, in canonical form, ranges expanded.

    ``"eq. (114)–(122)"`` gives ``eq. (114)`` … ``eq. (122)``; ``"(BP1)–(BP4)"`` the four
    equations; ``"problem after eq. (122), part (2), eq. (123)"`` gives the problem's part (2) and
    eq. (123); remarks in parentheses (``"(σ′(0) = 1/4)"``) are not places. An empty locator names
    the whole work (``""``). Raises :class:`CitationError` for text that is neither a place, a
    remark nor a connective ("generalised", "ff.", "and", commas).
    """
    found: list[str] = []
    rest: list[str] = []
    last = 0
    for m in _PLACE.finditer(locator):
        rest.append(locator[last : m.start()])
        last = m.end()
        if m.group("problem_after"):
            part = f", part ({m.group('part')})" if m.group("part") else ""
            found.append(f"problem after eq. ({m.group('pa')}){part}")
        elif m.group("after"):
            found.append(f"after eq. ({m.group('an')})")
        elif m.group("problem_named"):
            found.append(f"problem '{m.group('pt')}'")
        elif m.group("problem_num"):
            found.append(f"problem {m.group('pn')}")
        elif m.group("exercise"):
            found.append(f"exercise in §'{m.group('et')}'")
        elif m.group("section_named"):
            found.append(f"§'{m.group('st')}'")
        elif m.group("section_num"):
            found.append(f"§{m.group('sn')}")
        elif m.group("eq"):
            lo = int(m.group("e1"))
            hi = int(m.group("e2") or lo)
            if hi < lo:
                raise CitationError(f"locator {locator!r}: the range eq. ({lo})–({hi}) is empty")
            found.extend(f"eq. ({n})" for n in range(lo, hi + 1))
        elif m.group("bp"):
            first, end = m.group("b1"), m.group("b2") or m.group("b1")
            lo, hi = int(first[2:].rstrip("a")), int(end[2:].rstrip("a"))
            if first == end:
                found.append(f"({first})")
            else:
                found.extend(f"(BP{n})" for n in range(lo, hi + 1))
        elif m.group("passage"):
            found.append(f"on '{m.group('ph')}'")
        else:
            found.append(f"module {m.group('mod')}")
    rest.append(locator[last:])
    leftover = _without_remarks("".join(rest))
    if not _FILLER.match(leftover):
        raise CitationError(
            f"locator {locator!r}: cannot read {leftover.strip()!r} as a place (eq. (N), "
            "after eq. (N), §N, §'Title', problem N-M, problem 'Title', problem after eq. (N), "
            "part (k), exercise in §'Title', (BPn), on 'passage') or a remark in parentheses"
        )
    return tuple(found) if found else ("",)


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def check_citation(claim_id: str, source: str, text: str, *, erratum: bool = False) -> list[str]:
    """What is wrong with ``claim_id`` citing ``source``, checked against the cited works'
    structure (:mod:`gradproof.locators`); an empty list when nothing is.

    For every citation of the source: each place its locator names must exist in the cited work
    (a numbered work must be cited with a locator); the place's table must list the claim among
    those that cite it; and ``text`` (the claim's statement, notes, erratum and derivations) must
    use one of the place's keywords — what the place holds matches what the claim is about. An
    erratum (``erratum=True``) must cite first the work that it corrects.
    """
    from gradproof.locators import STRUCTURES

    problems: list[str] = []
    try:
        cited = parse_source(source)
    except CitationError as exc:
        return [str(exc)]
    folded = _folded(text)
    for citation in cited:
        structure = STRUCTURES.get(citation.key)
        if structure is None:
            problems.append(f"{citation.key}: no structure recorded in gradproof.locators")
            continue
        if structure.numbered and not citation.locator:
            problems.append(
                f"{citation.key} is cited without a locator; cite one of its places: "
                + ", ".join(structure.locators())
            )
            continue
        try:
            named = places(citation.locator)
        except CitationError as exc:
            problems.append(str(exc))
            continue
        for locator in named:
            if citation.key == "gradproof" and locator.startswith("module "):
                if not claim_id.endswith("_module_imports"):
                    problems.append(f"{claim_id}: only a module's import claim cites {locator}")
                continue
            place = structure.place(locator)
            where = f"{citation.key} {locator}".strip()
            if place is None:
                problems.append(
                    f"{where} does not exist in {WORKS[citation.key].short}; its places are: "
                    + "; ".join(repr(p) for p in structure.locators())
                )
                continue
            if claim_id not in place.cited_by:
                problems.append(
                    f"{where} holds: {place.content} — {claim_id} is not among the claims that "
                    f"cite it ({', '.join(place.cited_by) or 'none'}); if it is about this, add "
                    "it to the place's cited_by in gradproof.locators after reading the source"
                )
            if not any(_folded(k) in folded for k in place.keywords):
                problems.append(
                    f"{where} holds: {place.content} — {claim_id} mentions none of "
                    + ", ".join(repr(k) for k in place.keywords)
                )
    if erratum:
        first = cited[0].key
        corrects = STRUCTURES[first].errata if first in STRUCTURES else ()
        if claim_id not in corrects:
            owners = [k for k, s in STRUCTURES.items() if claim_id in s.errata]
            problems.append(
                f"erratum {claim_id} cites {first} first, but corrects "
                + (", ".join(owners) if owners else "no recorded work")
                + ": an erratum must cite first the work that it corrects"
            )
    return problems


def numbers_stated(source: str) -> tuple[str, ...]:
    """The numbers the places a source cites state, as printed (see :mod:`gradproof.locators`)."""
    from gradproof.locators import STRUCTURES

    out: list[str] = []
    for citation in parse_source(source):
        structure = STRUCTURES[citation.key]
        for locator in places(citation.locator):
            place = structure.place(locator)
            if place is not None:
                out.extend(place.numbers)
    return tuple(dict.fromkeys(out))
