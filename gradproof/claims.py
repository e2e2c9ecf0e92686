"""The claim kernel: what a claim is, what evidence is, and how a claim is judged.

A :class:`Claim` is one precisely stated mathematical result of the source texts
(``shared/CLAIMS.md``), with its citation and one or more :class:`Evidence` checks. Each check
says what *kind* of evidence it is:

``symbolic``
    a proof for every value in the stated domain (SymPy identity simplified to 0, a sign
    argument, an induction whose step is checked symbolically);
``certified``
    a numeric result with no floating-point doubt (interval arithmetic, or a proof that bounds
    the rounding);
``numeric``
    a confirmation at finitely many points with a stated tolerance;
``property``
    a hypothesis property test over a stated domain.

The first two *prove*; the last two *confirm*. Only the trusted core (:mod:`gradproof.core`)
concludes: a proving check counts as a proof only when its outcome carries a core theorem with no
hypotheses left (the ``statement`` check, whose theorem is exactly the claim's formal statement);
other symbolic checks support the claim — they can fail it, never prove it. A claim's status is
``proved`` when such a theorem holds and no check fails, ``confirmed`` when nothing proves it and
every check holds, ``failed`` when a check returns not-ok and ``error`` when a check raises or the
sanity net finds a proved statement false at a point (a *kernel error*). A check that needs
an optional package that is not installed (:data:`OPTIONAL_MODULES`, or a check raising
:class:`MissingExtraError`) is *skipped*, not failed: the claim's status is then ``skipped`` (when
nothing failed or raised) and the check's detail names the exact ``pip install 'gradproof[…]'``
line. A skip is not a pass (``gradproof verify --strict`` makes it fail), and it is not a failure.

This module is deliberately light (standard library only): importing it must not pull in SymPy.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from gradproof import presenters
from gradproof.citations import CitationError, parse_source, readable
from gradproof.outcome import Outcome

EvidenceKind = Literal["symbolic", "numeric", "property", "certified"]
Status = Literal["proved", "confirmed", "failed", "error", "skipped"]

#: optional packages the evidence may use → the gradproof extra that installs them
OPTIONAL_MODULES: Mapping[str, str] = {
    "hypothesis": "test",
    "sklearn": "experiment",
    "tqdm": "experiment",
    "threadpoolctl": "experiment",
    "matplotlib": "plot",
    "sphinx": "docs",
    "myst_parser": "docs",
    "latex2mathml": "docs",
    "docutils": "docs",
    "markdown_it": "docs",
}
#: the names users install, where they differ from the module name
_DISTRIBUTION = {
    "sklearn": "scikit-learn",
    "myst_parser": "myst-parser",
    "markdown_it": "markdown-it-py",
}

EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("symbolic", "numeric", "property", "certified")
PROVING_KINDS: frozenset[str] = frozenset({"symbolic", "certified"})

_ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


class ClaimError(ValueError):
    """A claim (or the registry) is malformed: bad id, no source, no evidence, duplicate id."""


def install_hint(module: str) -> str:
    """``"needs scikit-learn: pip install 'gradproof[experiment]'"`` for an optional module."""
    top = module.split(".")[0]
    extra = OPTIONAL_MODULES.get(top, "all")
    return f"needs {_DISTRIBUTION.get(top, top)}: pip install 'gradproof[{extra}]'"


class MissingExtraError(ImportError):
    """An optional package (one of :data:`OPTIONAL_MODULES`) needed by a check is not installed.

    The message ends in the exact ``pip install 'gradproof[…]'`` line; the check that raises it
    is reported as skipped, never as failed.
    """

    def __init__(self, module: str, what: str = "") -> None:
        top = module.split(".")[0]
        super().__init__(f"{install_hint(top)}{f' ({what})' if what else ''}", name=top)
        self.module = top
        self.extra = OPTIONAL_MODULES.get(top, "all")


def missing_extra(exc: BaseException) -> MissingExtraError | None:
    """``exc`` (or an exception it was raised ``from``) as a missing optional package, else None.

    Only explicit causes are followed, so an error raised while *handling* an ImportError (a
    fallback that then breaks) stays an error.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MissingExtraError):
            return current
        if isinstance(current, ModuleNotFoundError) and current.name:
            top = current.name.split(".")[0]
            if top in OPTIONAL_MODULES:
                return MissingExtraError(top)
        current = current.__cause__
    return None


@dataclass(frozen=True)
class Evidence:
    """One check of a claim.

    ``check`` takes no arguments and returns an :class:`Outcome`; it may raise, which the runner
    reports as status ``error``. ``name`` defaults to the check function's name, ``description``
    to the first paragraph of its docstring.
    """

    kind: EvidenceKind
    check: Callable[[], Outcome]
    name: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KINDS:
            raise ClaimError(f"evidence kind must be one of {EVIDENCE_KINDS}, got {self.kind!r}")
        if not callable(self.check):
            raise ClaimError(f"evidence check must be callable, got {self.check!r}")
        if not self.name:
            object.__setattr__(self, "name", getattr(self.check, "__name__", "check"))
        if not self.description:
            doc = (getattr(self.check, "__doc__", None) or "").strip()
            summary = " ".join(doc.split("\n\n")[0].split())  # the first paragraph, one line
            object.__setattr__(self, "description", summary or self.name)

    @property
    def proves(self) -> bool:
        """True for the kinds that prove (symbolic, certified); False for those that confirm."""
        return self.kind in PROVING_KINDS


def symbolic(check: Callable[[], Outcome], description: str = "") -> Evidence:
    """Evidence that proves the claim for every value in its domain (SymPy)."""
    return Evidence("symbolic", check, description=description)


def certified(check: Callable[[], Outcome], description: str = "") -> Evidence:
    """Evidence that leaves no floating-point doubt (interval arithmetic or bounded rounding)."""
    return Evidence("certified", check, description=description)


def numeric(check: Callable[[], Outcome], description: str = "") -> Evidence:
    """Evidence that confirms the claim at finitely many points with a stated tolerance."""
    return Evidence("numeric", check, description=description)


def prop(check: Callable[[], Outcome], description: str = "") -> Evidence:
    """Evidence from a hypothesis property test (see :func:`gradproof.properties.run_property`)."""
    return Evidence("property", check, description=description)


class FormalStatement(Protocol):
    """What ``Claim(formal=…)`` holds when the claim has a formal statement: a
    :class:`gradproof.logic.Statement` (or a :class:`LazyStatement` building one). ``kind`` is the
    kind of evidence its proof is (symbolic, certified, numeric); ``prove()`` proves it;
    ``pretty()``/``latex()`` print it."""

    @property
    def kind(self) -> EvidenceKind: ...

    def prove(self) -> Outcome: ...

    def pretty(self) -> str: ...

    def latex(self) -> str: ...


@dataclass(frozen=True)
class Empirical:
    """``Claim(formal=Empirical(why))``: the claim is a measurement with no formal statement.

    Said explicitly (``verify --details`` prints it), rather than leaving ``formal`` empty: e.g. a
    frequency over random initialisations of a trained network, which no symbolic statement
    captures. ``why`` says what is measured and why it has no formal form.
    """

    why: str

    def __post_init__(self) -> None:
        if not self.why.strip():
            raise ClaimError("Empirical(why=…) must say why the claim has no formal statement")

    def pretty(self) -> str:
        return f"none (an empirical claim): {self.why}"

    def latex(self) -> str:
        return rf"\text{{none (an empirical claim): {self.why}}}"


class LazyStatement:
    """A formal statement built on first use, for claim modules that must not import SymPy at
    import time (``gradproof.numerics``): ``LazyStatement(factory, kind)`` where ``factory()``
    returns a :class:`gradproof.logic.Statement`; every attribute is the built statement's."""

    def __init__(self, factory: Callable[[], Any], kind: EvidenceKind = "symbolic") -> None:
        self._factory = factory
        self._built: Any = None
        self.kind = kind

    def get(self) -> Any:
        """The statement (built once)."""
        if self._built is None:
            built = self._factory()
            if getattr(built, "kind", None) != self.kind:
                raise ClaimError(f"lazy statement of kind {self.kind!r} built a {built!r:.60}")
            self._built = built
        return self._built

    def prove(self) -> Outcome:
        return self.get().prove()

    def pretty(self) -> str:
        return str(self.get().pretty())

    def latex(self) -> str:
        return str(self.get().latex())

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.get(), name)


@dataclass(frozen=True)
class Claim:
    """One precisely stated result, its source citation and its evidence.

    ``id`` is the snake_case name used in ``shared/CLAIMS.md``; ``statement`` is one sentence;
    ``source`` cites the works by bibliography key plus a locator in the original's numbering
    (e.g. ``"nielsen-ch5 eq. (122); notes-ps5 §3.1"``, see :mod:`gradproof.citations`; readers
    see :attr:`citation`). ``family`` is filled in by :func:`register` with
    the short name of the module that defines the claim (e.g. ``"sigmoid"``); ``derivations``
    holds SymPy derivation objects (``gradproof.derivation.Derivation``) that the evidence checks
    and the renderer prints; ``figures`` names figures (see ``gradproof plot``) that belong with
    the claim; ``notes`` says where a source is loose and what exactly is proved instead.

    ``formal`` is the statement as an object (a :class:`gradproof.logic.Statement`: a SymPy
    relation with its domain; a :class:`LazyStatement` in modules that must stay free of SymPy;
    or :class:`Empirical` with the reason a measured claim has none); the kernel proves it on
    every run as the check named ``statement`` (:attr:`checks`), so changing a number in it makes
    the claim fail. ``statement``
    (the prose) explains it. ``uses`` lists the claims whose formal statements this claim's
    proofs use as lemmas (:func:`gradproof.logic.use`); the kernel re-proves each (a check named
    ``uses <id>``), so the claim fails when a lemma fails.

    ``erratum``, when not empty, says in one sentence where a source is *wrong* and what is true
    instead: the claim is then an erratum (listed on the docs' errata page, see
    :attr:`is_erratum`) and its evidence refutes the printed statement and proves the exact one.
    An erratum also says, for the errata table, ``printed``: what the source prints, quoted in the
    source's own notation, and ``exact``: what is true (text in which ``$…$`` is LaTeX math; data
    for the page only — the formal statement is what the kernel proves).
    """

    id: str
    statement: str
    source: str
    evidence: tuple[Evidence, ...]
    notes: str = ""
    derivations: tuple[object, ...] = ()
    figures: tuple[str, ...] = ()
    family: str = ""
    formal: FormalStatement | Empirical | None = field(default=None, compare=False)
    uses: tuple[Claim, ...] = field(default=(), compare=False)
    erratum: str = ""
    printed: str = ""
    exact: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not _ID_PATTERN.match(self.id):
            raise ClaimError(
                f"claim id must be snake_case like 'sigmoid_prime_max', got {self.id!r}"
            )
        if not self.statement.strip():
            raise ClaimError(f"claim {self.id}: statement is empty")
        if not self.source.strip():
            raise ClaimError(
                f"claim {self.id}: a claim must cite its source (bibliography key + place)"
            )
        try:
            parse_source(self.source)
        except CitationError as exc:
            raise ClaimError(f"claim {self.id}: {exc}") from None
        evidence = tuple(self.evidence)
        object.__setattr__(self, "evidence", evidence)
        if not evidence:
            raise ClaimError(f"claim {self.id}: a claim needs at least one evidence check")
        for ev in evidence:
            if not isinstance(ev, Evidence):
                raise ClaimError(f"claim {self.id}: evidence must be Evidence objects, got {ev!r}")
        if (
            self.formal is not None
            and not isinstance(self.formal, Empirical)
            and not callable(getattr(self.formal, "prove", None))
        ):
            raise ClaimError(
                f"claim {self.id}: formal must be a gradproof.logic.Statement, got"
                f" {self.formal!r:.80}"
            )
        if self.is_erratum and not (self.printed.strip() and self.exact.strip()):
            raise ClaimError(
                f"claim {self.id}: an erratum says what the source prints (printed=) and what "
                "is true (exact=), for the errata table"
            )
        uses = tuple(self.uses)
        object.__setattr__(self, "uses", uses)
        for lemma in uses:
            if (
                not isinstance(lemma, Claim)
                or lemma.formal is None
                or isinstance(lemma.formal, Empirical)
            ):
                raise ClaimError(
                    f"claim {self.id}: uses= takes claims with a formal statement, got"
                    f" {lemma!r:.80}"
                )

    @property
    def is_erratum(self) -> bool:
        """True when the claim records where a source is wrong (its ``erratum`` is not empty)."""
        return bool(self.erratum.strip())

    @property
    def citation(self) -> str:
        """The source as a reader sees it (titles instead of keys), see :func:`readable`."""
        return readable(self.source)

    @property
    def kinds(self) -> tuple[EvidenceKind, ...]:
        """The evidence kinds, in order, without repeats."""
        return tuple(dict.fromkeys(ev.kind for ev in self.checks))

    @property
    def checks(self) -> tuple[Evidence, ...]:
        """Everything the kernel runs for this claim, in order: one ``uses <id>`` check per lemma,
        the ``statement`` check (the formal statement proved, see :mod:`gradproof.logic`), then
        the claim's own evidence."""
        out: list[Evidence] = []
        for lemma in self.uses:
            formal = lemma.formal  # a lemma without a formal statement fails in its check
            kind = "symbolic" if formal is None or isinstance(formal, Empirical) else formal.kind
            out.append(
                Evidence(
                    kind,
                    _lemma_check(lemma),
                    name=f"uses {lemma.id}",
                    description=f"the lemma {lemma.id} (its formal statement) is proved",
                )
            )
        if self.formal is not None and not isinstance(self.formal, Empirical):
            out.append(
                Evidence(
                    self.formal.kind,
                    _statement_check(self.formal),
                    name="statement",
                    description="the formal statement is proved",
                )
            )
        return (*out, *self.evidence)

    # Display attaches from outside (gradproof.presenters; gradproof.display registers the
    # printers): the kernel prints nothing itself.

    def _repr_html_(self) -> str | None:  # Jupyter: statement, source, derivations, evidence
        return presenters.present(self, presenters.HTML)

    def _repr_markdown_(self) -> str | None:
        return presenters.present(self, presenters.MARKDOWN)

    def __repr__(self) -> str:
        return f"<Claim {self.id}: {presenters.shorten(self.statement, 60)}>"

    def __str__(self) -> str:  # what `gradproof show ID --no-run` prints
        return presenters.present(self, presenters.REPORT) or repr(self)


def _lemma_check(lemma: Claim) -> Callable[[], Outcome]:
    def check() -> Outcome:
        from gradproof.logic import lemma_check

        return lemma_check(lemma)()

    return check


def _statement_check(formal: Any) -> Callable[[], Outcome]:
    def statement() -> Outcome:
        from gradproof.logic import prove_fresh

        return prove_fresh(formal)

    return statement


# --------------------------------------------------------------------------- registry

_REGISTRY: dict[str, Claim] = {}


def register(claim: Claim, *, family: str | None = None) -> Claim:
    """Add ``claim`` to the registry and return it (with ``family`` filled in).

    ``family`` defaults to the last component of the calling module's name, so a claim defined in
    ``gradproof.proofs.sigmoid`` belongs to family ``sigmoid``. Registering a second, different
    claim under an existing id is an error; re-registering from the same family (a module
    reload) replaces the old entry.
    """
    import sys

    if not isinstance(claim, Claim):
        raise ClaimError(f"register() takes a Claim, got {type(claim).__name__}")
    if family is None:
        caller = sys._getframe(1).f_globals.get("__name__", "")
        family = caller.rsplit(".", 1)[-1]
    from dataclasses import replace

    claim = replace(claim, family=family)
    old = _REGISTRY.get(claim.id)
    if old is not None and old.family != claim.family:
        raise ClaimError(
            f"claim id {claim.id!r} registered twice: by family {old.family!r} and {claim.family!r}"
        )
    _REGISTRY[claim.id] = claim
    return claim


def add_evidence(claim: Claim, *evidence: Evidence) -> Claim:
    """Register ``claim`` again with ``evidence`` appended, and return the extended claim.

    Used for the checks that bind an exported object (a formula or constant users import) to the
    claim that verifies it: they are written next to the claim, after its own proof, and run by
    ``gradproof verify`` as part of that claim. The family stays the claim's own.
    """
    if not evidence:
        raise ClaimError(f"claim {claim.id}: add_evidence() needs at least one check")
    import sys
    from dataclasses import replace

    family = claim.family or sys._getframe(1).f_globals.get("__name__", "").rsplit(".", 1)[-1]
    extended = replace(claim, evidence=(*claim.evidence, *evidence))
    return register(extended, family=family)


def registered() -> Mapping[str, Claim]:
    """The claims registered so far (without importing anything); see ``gradproof.registry``."""
    return dict(_REGISTRY)


# --------------------------------------------------------------------------- running


@dataclass(frozen=True)
class EvidenceResult:
    kind: EvidenceKind
    ok: bool
    detail: str
    name: str = ""
    raised: bool = False
    seconds: float = 0.0
    skipped: bool = False
    #: the check holds *and* carries a closed core theorem: it proves (see :func:`concludes`)
    proves: bool = False
    kernel_error: bool = False
    #: what the sanity net did during the check: (statements evaluated, points, not evaluable)
    net: tuple[int, int, int] = (0, 0, 0)


@dataclass(frozen=True)
class ClaimResult:
    id: str
    source: str
    status: Status
    evidence: tuple[EvidenceResult, ...]
    seconds: float
    claim: Claim | None = field(default=None, compare=False, repr=False)

    @property
    def passed(self) -> bool:
        return self.status in ("proved", "confirmed")

    @property
    def skipped(self) -> bool:
        """Some check needs an optional package that is not installed (and nothing failed)."""
        return self.status == "skipped"

    @property
    def skip_reason(self) -> str:
        """The skipped checks' details (each naming its ``pip install`` line), or ``""``."""
        return "; ".join(dict.fromkeys(e.detail for e in self.evidence if e.skipped))

    def _repr_html_(self) -> str | None:  # Jupyter: the claim's display with the verdicts
        return presenters.present(self, presenters.HTML)

    def _repr_markdown_(self) -> str | None:
        return presenters.present(self, presenters.MARKDOWN)

    def __repr__(self) -> str:
        what = f": {presenters.shorten(self.claim.statement, 50)}" if self.claim is not None else ""
        return f"<ClaimResult {self.id}{what} [{self.status}]>"

    def __str__(self) -> str:  # what `gradproof show ID` prints
        return presenters.present(self, presenters.REPORT) or repr(self)

    def as_json(self) -> dict[str, object]:
        """Exactly the shape documented for ``gradproof verify --json``."""
        return {
            "id": self.id,
            "source": self.source,
            "status": self.status,
            "evidence": [
                {
                    "kind": e.kind,
                    "ok": e.ok,
                    "detail": e.detail,
                    "skipped": e.skipped,
                    "proves": e.proves,
                    "kernel_error": e.kernel_error,
                }
                for e in self.evidence
            ],
            "seconds": round(self.seconds, 4),
        }


def concludes(kind: EvidenceKind, outcome: Outcome) -> bool:
    """True when ``outcome`` is a proof: a proving kind, it holds, and it carries a closed theorem
    of the trusted core (``gradproof.core.Theorem``, no hypotheses left). Anything else confirms
    or supports at most."""
    thm = outcome.theorem
    if not (outcome.ok and kind in PROVING_KINDS and thm is not None):
        return False
    from gradproof.core.theorem import Theorem  # the core is loaded whenever a theorem exists

    return isinstance(thm, Theorem) and thm.closed


def status_of(results: tuple[EvidenceResult, ...]) -> Status:
    """``error`` if a check raised or the sanity net caught the kernel, else ``failed`` if one did
    not hold, else ``skipped`` if a check needs an optional package that is not installed, else
    ``proved`` if a check carries a closed core theorem, else ``confirmed``."""
    if any(r.raised or r.kernel_error for r in results):
        return "error"
    if not all(r.ok or r.skipped for r in results):
        return "failed"
    if any(r.skipped for r in results):
        return "skipped"
    if any(r.proves for r in results):
        return "proved"
    return "confirmed"


def _net_counts() -> tuple[int, int, int]:
    import sys

    sanity = sys.modules.get("gradproof.sanity")
    if sanity is None:
        return (0, 0, 0)
    c = sanity.COUNTS
    return (c.evaluated, c.points, sum(c.not_evaluable.values()))


def run_evidence(ev: Evidence) -> EvidenceResult:
    """Run one check; an exception becomes a not-ok result marked ``raised``."""
    start = time.perf_counter()
    before = _net_counts()
    try:
        outcome = ev.check()
        if not isinstance(outcome, Outcome):
            raise TypeError(f"check {ev.name} returned {type(outcome).__name__}, not Outcome")
    except Exception as exc:  # a crashing check is reported as an error, not propagated
        missing = missing_extra(exc)
        if missing is not None:  # an absent optional package: skipped, not failed
            return EvidenceResult(
                ev.kind,
                False,
                f"{ev.name} skipped: {missing}",
                ev.name,
                seconds=time.perf_counter() - start,
                skipped=True,
            )
        detail = f"{ev.name} raised {type(exc).__name__}: {exc}"
        notes = getattr(exc, "__notes__", None)
        if notes:
            detail += " | " + " ".join(str(n) for n in notes)
        return EvidenceResult(
            ev.kind, False, detail, ev.name, raised=True, seconds=time.perf_counter() - start
        )
    return EvidenceResult(
        ev.kind,
        outcome.ok and not outcome.kernel_error,
        outcome.detail,
        ev.name,
        seconds=time.perf_counter() - start,
        proves=concludes(ev.kind, outcome) and not outcome.kernel_error,
        kernel_error=outcome.kernel_error,
        net=tuple(a - b for a, b in zip(_net_counts(), before, strict=True)),  # type: ignore[arg-type]
    )


def run_claim(claim: Claim) -> ClaimResult:
    """Run every evidence check of ``claim`` and judge it (its lemmas proved once, in one proof
    session; see :func:`gradproof.logic.proof_session`).

    Parameters
    ----------
    claim : Claim
        The claim to check.

    Returns
    -------
    ClaimResult
        Its status (proved, confirmed, failed or skipped) and each check's result.
    """
    import contextlib
    import sys

    start = time.perf_counter()
    logic = sys.modules.get("gradproof.logic")  # no formal statement exists before it is loaded
    with logic.proof_session() if logic is not None else contextlib.nullcontext():
        results = tuple(run_evidence(ev) for ev in claim.checks)
    return ClaimResult(
        claim.id, claim.source, status_of(results), results, time.perf_counter() - start, claim
    )
