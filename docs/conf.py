"""Sphinx configuration: MyST Markdown, autodoc of the verified formulas, offline MathML math."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

project = "gradproof"
# the package's own version (gradproof.__version__, the one in pyproject.toml), on every page:
# in the title of the sidebar and of each browser tab
from gradproof import __version__ as release  # noqa: E402

version = release
author = "the gradproof authors"
copyright = "the gradproof authors"  # no year: the build is reproducible

extensions = [
    "myst_nb",  # MyST Markdown and the example notebook, executed at build time (offline)
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",  # numpydoc Parameters/Returns sections of the public API
    "sphinx_copybutton",  # a copy button on every code block (plain JS + CSS, works offline)
    "sphinxcontrib.bibtex",  # docs/references.bib: the works the claims cite
    "mathml",  # docs/_ext/mathml.py: LaTeX → MathML at build time (no JavaScript)
]
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "unsrt"  # the order of references.bib: the book first
bibtex_reference_style = "label"
# the notebook runs in a local kernel at every build; nothing is fetched
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_merge_streams = True
html_math_renderer = "mathml"

source_suffix = {".md": "myst-nb", ".ipynb": "myst-nb"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_ext",
    "check_math.py",
    "Thumbs.db",
    ".DS_Store",
    "jupyter_execute",
    "**/.ipynb_checkpoints",
]

myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True

# the copy button copies the commands, not the prompts or the output they print
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True

napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_typehints_format = "short"
# keep numpy's ArrayLike as one name in the signatures (expanded, it is five lines of unions)
# and the formulas' FloatResult (a float64 scalar or array) and check_backprop's BackpropFunction,
# ActivationSpec and CostSpec as the names the API page explains
autodoc_type_aliases = {
    "ArrayLike": "ArrayLike",
    "FloatResult": "FloatResult",
    "BackpropFunction": "BackpropFunction",
    "ActivationSpec": "ActivationSpec",
    "CostSpec": "CostSpec",
}
autodoc_default_options = {"members": True, "undoc-members": False, "show-inheritance": False}

# furo: no web fonts, no CDN; every asset is in _static, so the site reads from file://
html_theme = "furo"
html_theme_options = {"navigation_with_keys": True}
html_static_path = ["_static"]
html_css_files = ["gradproof.css"]  # line height of sub/superscripts, the ledger's columns
html_title = f"gradproof {release}"
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
# curly quotes and ellipses, but leave "--" alone: it is a command-line option, not a dash
smartquotes_action = "qe"


# The docstrings write absolute values as |w| (readable in `help()`), which reStructuredText
# reads as a substitution reference. Escape those bars outside inline literals and roles
# before autodoc parses the docstring; the rendered text shows |w| as written. Exponents and
# indices (e^{−z}, a_{j−1}) become super- and subscripts.
_LITERAL = re.compile(r"(``.+?``|:[a-z:]+:`[^`]*`|`[^`]*`)")


def escape_bars(text: str) -> str:
    """``|`` → ``\\|`` outside ``literals``, `interpreted text` and :roles:`…`."""
    parts = _LITERAL.split(text)
    return "".join(p if i % 2 else p.replace("|", r"\|") for i, p in enumerate(parts))


def rst_scripts(text: str) -> str:
    """x_{j−1}, e^{−|z|}, ∏_{k=j+1}^{L} → :sub:/:sup: roles, outside literals and roles.

    The docstrings write exponents and indices as plain text (readable in ``help()``); the
    conversion is the one ``gradproof render`` applies to the claims' prose
    (:func:`gradproof.render.convert_scripts`). Escaped spaces glue the roles to their base.
    """
    from gradproof.render import convert_scripts

    def role(kind: str, content: str) -> str:
        return f"\\ :{kind}:`{content}`\\ "

    parts = _LITERAL.split(text)
    return "".join(
        p if i % 2 else convert_scripts(p, role, lambda t: t) for i, p in enumerate(parts)
    )


def _format_docstring(
    app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]
) -> None:
    out = []
    literal_indent: int | None = None  # inside a literal block (after "::") or a doctest
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None and line.strip() and indent <= literal_indent:
            literal_indent = None
        if literal_indent is not None or line.lstrip().startswith(">>>"):
            out.append(line)
        else:
            out.append(escape_bars(rst_scripts(line)))
        if literal_indent is None and line.rstrip().endswith("::"):
            literal_indent = indent
    lines[:] = out


def setup(app: Any) -> None:
    app.connect("autodoc-process-docstring", _format_docstring)
