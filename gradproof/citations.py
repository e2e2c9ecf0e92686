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
    """One cited work: its key, how a reader sees it in a citation, and its full reference."""

    key: str
    abbrev: str  # for narrow tables, e.g. "Nielsen ch. 5"
    short: str
    reference: str


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
            'gradient problem", "What\'s causing the vanishing gradient problem?" and "The '
            'unstable gradient problem in more complex networks" (equation numbers (114)–(123) '
            "are the book's).",
        ),
        Work(
            "nielsen-ch2",
            "Nielsen ch. 2",
            "Nielsen, Neural Networks and Deep Learning, ch. 2",
            "Michael A. Nielsen, Neural Networks and Deep Learning, Determination Press, 2015, "
            'ch. 2 "How the backpropagation algorithm works" (the four fundamental equations '
            "(BP1)–(BP4) and the matrix forms (BP1a), (BP2) are the book's numbering).",
        ),
        Work(
            "nielsen-ch3",
            "Nielsen ch. 3",
            "Nielsen, Neural Networks and Deep Learning, ch. 3",
            "Michael A. Nielsen, Neural Networks and Deep Learning, Determination Press, 2015, "
            'ch. 3 "Improving the way neural networks learn", section "The cross-entropy cost '
            "function\" (equation numbers (54)–(62) are the book's).",
        ),
        Work(
            "notes-ps5",
            "Notes PS5",
            "Lecture notes on Nielsen ch. 3 and 5 (problem set 5)",
            "Lecture notes on Nielsen, Neural Networks and Deep Learning, ch. 3 and ch. 5, with "
            '"Problem set 5" (problems 3-2, 3-3 and 3-6); their eq. (1) is the book\'s eq. (57).',
        ),
        Work(
            "kapur-2016",
            "Kapur 2016",
            'Kapur, "Rohan #4: The vanishing gradient problem"',
            'Rohan Kapur, "Rohan #4: The vanishing gradient problem", blog post, 16 March 2016.',
        ),
        Work(
            "vanishing-exploding",
            "Vanish. & expl. grads",
            '"Vanishing and Exploding Gradients"',
            '"Vanishing and Exploding Gradients", short web article (one neuron per layer, '
            "no biases).",
        ),
        Work(
            "gradient-vanish-mlp",
            "Gradient vanish MLP",
            '"How does gradient vanish in Multi-Layer Neural Network?"',
            '"How does gradient vanish in Multi-Layer Neural Network?", blog post (a chain of four '
            "sigmoid units with the squared-error cost; it points to Nielsen ch. 5 and to Bengio "
            "et al.'s deep learning book draft).",
        ),
        Work(
            "gradproof",
            "gradproof",
            "gradproof",
            "gradproof itself (claims about the package's own modules, e.g. that they import).",
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
    """The bibliography keys a source string cites, in order, without repeats."""
    return tuple(dict.fromkeys(c.key for c in parse_source(source)))
