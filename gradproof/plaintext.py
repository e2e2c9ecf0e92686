"""ASCII output: one transliteration table for every non-ASCII character gradproof prints.

gradproof writes Nielsen's notation in Unicode (σ′(z), ‖δˡ‖, ∂C/∂b₁, ≤). A stream that cannot
encode it (``PYTHONIOENCODING=ascii``, a Latin-1 terminal) gets the ASCII spelling instead —
``s'(z)``, ``||d^l||``, ``dC/db1``, ``<=`` — through :func:`to_ascii` and the codec error
handler :data:`ERROR_HANDLER` (registered on import), which the command line sets on such a
stream (:func:`gradproof.faults.prepare_streams`). Runs of superscripts and subscripts are
rewritten as a whole: ``zˡ⁺¹`` → ``z^(l+1)``, ``x²`` → ``x^2``, ``w₁₂`` → ``w12``, ``zₖ`` → ``z_k``.

Standard library only. ``tests/test_ascii_output.py`` checks that every non-ASCII character in
the package's source and shipped data has an entry here.
"""

from __future__ import annotations

import codecs
import unicodedata

#: superscript characters and what they stand for
SUPERSCRIPTS = {
    **dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789", strict=True)),
    "⁺": "+", "⁻": "-", "⁼": "=", "⁽": "(", "⁾": ")", "ⁱ": "i", "ⁿ": "n", "ʰ": "h", "ʲ": "j",
    "ʳ": "r", "ʷ": "w", "ʸ": "y", "ˡ": "l", "ˢ": "s", "ˣ": "x", "ᴸ": "L", "ᵀ": "T", "ᵃ": "a",
    "ᴰ": "D",
    "ᵇ": "b", "ᵈ": "d", "ᵉ": "e", "ᵍ": "g", "ᵏ": "k", "ᵐ": "m", "ᵒ": "o", "ᵖ": "p", "ᵗ": "t",
    "ᵘ": "u", "ᵛ": "v", "ᶜ": "c", "ᶠ": "f", "ᶻ": "z",
}  # fmt: skip

#: subscript characters and what they stand for
SUBSCRIPTS = {
    **dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True)),
    "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")", "ₐ": "a", "ₑ": "e", "ₒ": "o", "ₓ": "x",
    "ₕ": "h", "ₖ": "k", "ₗ": "l", "ₘ": "m", "ₙ": "n", "ₚ": "p", "ₛ": "s", "ₜ": "t", "ᵢ": "i",
    "ᵣ": "r", "ᵤ": "u", "ᵥ": "v", "ⱼ": "j",
}  # fmt: skip

#: every other non-ASCII character gradproof prints, spelled in ASCII (σ as s, δ and ∂ as d,
#: as in s'(z), ||d||, dC/db1)
TABLE = {
    # letters
    "σ": "s", "δ": "d", "∂": "d", "α": "alpha", "β": "beta", "ε": "eps", "ζ": "zeta",
    "η": "eta", "θ": "theta", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "π": "pi", "ρ": "rho", "φ": "phi", "ω": "omega", "Α": "A", "Γ": "Gamma", "Δ": "Delta",
    "Π": "Pi", "Σ": "Sigma", "Φ": "Phi", "Ω": "Omega", "ℎ": "h", "ℝ": "R", "§": "section ",
    # primes, quotes, dashes, dots
    "′": "'", "″": "''", "‴": "'''", "’": "'", "‘": "'", "“": '"', "”": '"', "–": "-",
    "—": "--", "…": "...", "⋯": "...", "·": "*", "⋅": "*", "×": "x", "‾": "-", "\u00a0": " ",
    # operators and relations
    "−": "-", "±": "+/-", "∓": "-/+", "≤": "<=", "≥": ">=", "≠": "!=", "≈": "~=", "≡": "==",
    "¬": "not ", "∧": "and", "∨": "or", "⇒": "=>", "⟹": "==>", "⇔": "<=>", "→": "->",
    "←": "<-", "↦": "|->", "↪": "->", "∀": "for all", "∈": "in", "∉": "not in", "∋": "contains",
    "⊂": "subset", "⊆": "subseteq", "∪": "U", "⋂": "INTERSECTION", "⋃": "UNION", "⋀": "AND",
    "⋁": "OR", "∑": "sum", "∏": "prod", "∐": "coprod", "∫": "integral", "√": "sqrt",
    "∞": "oo", "∇": "grad", "∘": "o", "⊙": "(.)", "⨀": "(.)", "⨁": "(+)", "⨂": "(x)",
    "⨄": "U+", "⨆": "|_|", "⋈": "|><|", "⊢": "|-", "¼": "1/4", "½": "1/2",
    # bars and brackets
    "‖": "||", "∥": "||", "∣": "|", "⟨": "<", "⟩": ">", "⌈": "ceil(", "⌉": ")",
    "⌊": "floor(", "⌋": ")",
    # pieces of 2-D text diagrams (SymPy's pretty printer)
    "⎛": "/", "⎜": "|", "⎝": "\\", "⎞": "\\", "⎟": "|", "⎠": "/", "⎡": "[", "⎢": "[",
    "⎣": "[", "⎤": "]", "⎥": "]", "⎦": "]", "⎧": "/", "⎨": "{", "⎩": "\\", "⎪": "|",
    "⎫": "\\", "⎬": "}", "⎭": "/", "⎮": "|", "⌠": "/", "⌡": "/", "─": "-", "│": "|",
    "┬": "T", "╭": "/", "╱": "/", "╲": "\\",
    # mean-field and error-bound notation
    "γ": "gamma", "χ": "chi", "𝒱": "V", "ẑ": "z^", "\u0302": "^",
    "⅛": "1/8", "\U0001d7d9": " 1", "⁗": "''''",
}  # fmt: skip

#: the name of the codec error handler (``text.encode("ascii", ERROR_HANDLER)``)
ERROR_HANDLER = "gradproof-ascii"


def _script(run: str, mark: str, after_word: bool) -> str:
    """A run of super- (``mark`` ``^``) or subscripts (``_``), already mapped to ASCII;
    ``after_word``: it follows a letter or digit (w₁₂ → w12, but ‖w‖₂ → ||w||_2)."""
    if mark == "_" and run.isdigit() and after_word:
        return run  # b₁ → b1, as typed (dC/db1)
    if len(run) == 1 or run.isalnum() or (run.startswith("(") and run.endswith(")")):
        return mark + run
    return f"{mark}({run})"


def _char(ch: str) -> str:
    if ch in TABLE:
        return TABLE[ch]
    plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
    return plain or "?"


def _span(text: str, start: int, end: int) -> str:
    """``text[start:end]`` in ASCII, looking at the characters around it for context."""
    out: list[str] = []
    i = start
    while i < end:
        ch = text[i]
        for table, mark in ((SUPERSCRIPTS, "^"), (SUBSCRIPTS, "_")):
            if ch in table:
                j = i
                while j < end and text[j] in table:
                    j += 1
                before = out[-1][-1:] if out else text[i - 1 : i]
                out.append(_script("".join(table[c] for c in text[i:j]), mark, before.isalnum()))
                following = text[j : j + 1]
                if following and following not in SUPERSCRIPTS and following not in SUBSCRIPTS:
                    nxt = following if following.isascii() else _char(following)
                    if nxt[:1].isalnum():
                        out.append(" ")  # xᵀy → x^T y, not x^Ty
                i = j
                break
        else:
            out.append(ch if ch.isascii() else _char(ch))
            i += 1
    return "".join(out)


def transliterate(text: str) -> str:
    """``text`` with every non-ASCII character spelled in ASCII (ASCII is left as it is)."""
    return text if text.isascii() else _span(text, 0, len(text))


def to_ascii(text: str) -> str:
    """``text`` in ASCII (see :func:`transliterate`)."""
    return transliterate(text)


def _handler(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return _span(exc.object, exc.start, exc.end), exc.end


def can_encode(encoding: str | None, sample: str = "σ′‖∂≤") -> bool:
    """Whether text in ``encoding`` can hold gradproof's Unicode notation."""
    if not encoding:
        return False
    try:
        sample.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


codecs.register_error(ERROR_HANDLER, _handler)

#: whether printers should write ASCII (set by the command line from stdout's encoding)
_ascii_output = False


def ascii_output() -> bool:
    """Whether the text printers write ASCII (stdout cannot encode Unicode)."""
    return _ascii_output


def set_ascii_output(value: bool) -> None:
    global _ascii_output
    _ascii_output = bool(value)
