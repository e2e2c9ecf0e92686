"""Prove or refute a user's gradient formula for a chain of single neurons.

:func:`check` parses the user's text with the whitelist parser (:mod:`.parser`), builds the
reference derivative ∂C/∂v by SymPy differentiation of the explicit cost (:mod:`.network`), and
then, in a separate worker process that is killed after ``timeout`` seconds:

1. **proves** claim − reference ≡ 0 by exact, cheap steps first: every exponential e^u is
   named by an independent symbol t_u (e^{−u} by 1/t_u) and the difference must cancel to 0 as
   a rational function — an identity in independent symbols stays an identity after
   substituting the true values. For ReLU networks the difference is checked in every sign
   pattern of the z_j (relu(z) = z or 0, step(z) = 1 or 0), which proves the claim at every
   point where no z_j is 0;
2. only if that does not close, **looks for a counterexample**: the claim, the reference and
   their difference are evaluated at points whose coordinates are small rationals (exact
   substitution, then SymPy ``evalf`` at 50 and at 100 digits, its precision raise capped so an
   exact zero costs little); a point counts only if the difference is nonzero, its two
   evaluations agree to 20 significant digits (so the difference is 10²⁰ times its evaluation
   error), and it is above 10⁻⁷⁰ relative to the values — then the result is **refuted**;
   failing that, :func:`gradproof.derivation.is_identically_zero` (slow) is tried, then more
   points;
3. if neither happens in time (or at all) the result is **undecided** — never a wrong verdict.

The correct expression (by backpropagation, :meth:`Network.correct_text`) is parsed by the same
parser and itself proved equal to the reference, so what is shown to the user is checked.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import product
from typing import Any, Literal

import sympy as sp

from gradproof.checker.network import CheckInputError, Network, relu, step
from gradproof.checker.parser import parse_derivative, parse_expression
from gradproof.derivation import is_identically_zero

Status = Literal["proved", "refuted", "undecided"]
EXIT_CODES: dict[str, int] = {"proved": 0, "refuted": 1, "invalid": 2, "undecided": 3}

DEFAULT_TIMEOUT = 30.0
#: the longest time limit accepted (one day); larger values overflow the OS's wait call
MAX_TIMEOUT = 86_400.0
DIGITS = 50
#: How far ``evalf`` may raise its working precision beyond the digits asked for.
EXTRA_DIGITS = 20
MAX_RELU_PATTERNS = 2**10
_WEIGHTS = [sp.Rational(v) for v in ("1/2", "-3/2", "2", "3/4", "-1/3", "5/4", "-2", "1", "-1/2")]
_TARGETS = [sp.Rational(v) for v in ("0", "1", "1/4", "3/4", "1/2")]


@dataclass(frozen=True)
class Counterexample:
    """A point where the claim and the true derivative differ, both values at 50 digits."""

    point: dict[str, str]
    claimed_value: str
    correct_value: str
    difference: str

    def as_json(self) -> dict[str, object]:
        return {
            "point": dict(self.point),
            "claimed_value": self.claimed_value,
            "correct_value": self.correct_value,
            "difference": self.difference,
        }


@dataclass(frozen=True)
class CheckResult:
    """The verdict on a claimed derivative, with everything needed to read it.

    ``status`` is ``proved`` (equal to the true derivative for every value in ``domain``),
    ``refuted`` (``counterexample`` holds a separating point) or ``undecided``.
    ``correct`` is the true derivative in the expression syntax (z_j, a_j as in ``definitions``).
    """

    status: Status
    derivative: str
    network: dict[str, object]
    claimed: str
    correct: str
    definitions: tuple[str, ...]
    domain: str
    detail: str
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    correct_checked: bool = field(default=False)

    @property
    def exit_code(self) -> int:
        """0 proved, 1 refuted, 3 undecided (2 is bad input, raised as CheckInputError)."""
        return EXIT_CODES[self.status]

    def _repr_html_(self) -> str:  # Jupyter: the verdict as a small table
        from gradproof.display import check_html

        return check_html(self)

    def _repr_markdown_(self) -> str:
        from gradproof.display import check_markdown

        return check_markdown(self)

    def as_json(self) -> dict[str, object]:
        """The shape printed by ``gradproof check --json`` (see gradproof.commands.check)."""
        return {
            "status": self.status,
            "derivative": self.derivative,
            "network": dict(self.network),
            "claimed": self.claimed,
            "correct": self.correct,
            "correct_checked": self.correct_checked,
            "definitions": list(self.definitions),
            "domain": self.domain,
            "counterexample": None
            if self.counterexample is None
            else self.counterexample.as_json(),
            "detail": self.detail,
            "seconds": round(self.seconds, 3),
        }


# ============================================================ the worker's mathematics


def _atomize(expr: sp.Expr) -> tuple[sp.Expr, int]:
    """Replace every e^u by an independent positive symbol t_u (e^{−u} by 1/t_u), bottom-up."""
    gens: dict[sp.Expr, sp.Symbol] = {}

    def rec(e: sp.Basic) -> sp.Basic:
        if e.is_Atom:
            return e
        args = [rec(a) for a in e.args]
        if isinstance(e, sp.exp):
            key = sp.cancel(args[0])
            if key in gens:
                return gens[key]
            neg = sp.cancel(-key)
            if neg in gens:
                return 1 / gens[neg]
            gens[key] = sp.Dummy(f"t{len(gens)}", positive=True)
            return gens[key]
        return e.func(*args)

    return rec(expr), len(gens)


def _rational_zero(expr: sp.Expr) -> bool:
    return sp.cancel(sp.together(expr)) == 0


def _nonzero_somewhere(expr: sp.Expr, tries: int = 4) -> bool:
    """True if the rational function ``expr`` has an exact nonzero value at a random rational
    point (so it is not identically 0 and cancelling it cannot prove anything).

    Exact rational arithmetic: no rounding, no precision to raise. A point where ``expr`` is
    undefined is skipped. False means "0 at every point tried" — a filter, never a proof: the
    proof is the cancellation that follows.
    """
    free = sorted(expr.free_symbols, key=str)
    rng = random.Random(20261201)
    for _ in range(tries):
        pt = {v: sp.Rational(rng.randint(-97, 97) or 1, rng.randint(1, 89)) for v in free}
        for v in free:  # positive symbols (named exponentials) get positive values
            if v.is_positive:
                pt[v] = abs(pt[v])
        try:
            value = expr.xreplace(pt)
        except ZeroDivisionError:
            continue
        if value.is_Rational:
            return value != 0
        if value.is_number and value.is_finite is not False and value.is_zero is False:
            return True
    return False


def _relu_patterns(net: Network, diff: sp.Expr) -> tuple[bool, str]:
    """Check ``diff`` ≡ 0 in every sign pattern of the z_j of a ReLU network."""
    keys = [(i, j) for i in range(len(net.data)) for j in range(1, net.layers + 1)]
    if 2 ** len(keys) > MAX_RELU_PATTERNS:
        return False, f"too many ReLU sign patterns (2^{len(keys)}) to check one by one"
    for signs in product((0, 1), repeat=len(keys)):
        s = dict(zip(keys, signs, strict=True))
        zp: dict[tuple[int, int], sp.Expr] = {}

        def rewrite(e: sp.Basic, zp: dict[tuple[int, int], sp.Expr] = zp, s: dict = s) -> Any:
            if e.is_Atom:
                return e
            args = [rewrite(a) for a in e.args]
            if isinstance(e, (relu, step)):
                for k, zk in zp.items():
                    if sp.expand(args[0] - zk) == 0:
                        return s[k] * args[0] if isinstance(e, relu) else sp.Integer(s[k])
            return e.func(*args)

        for i, j in keys:  # z_j contains relu(z_{j-1}) only: earlier patterns are known
            zp[(i, j)] = sp.expand(rewrite(net.data[i].z[j]))
        d = rewrite(diff)
        if d.has(relu, step) or not _rational_zero(d):
            return False, f"not reduced to 0 in the sign pattern {signs}"
    return True, (
        f"in each of the {2 ** len(keys)} sign patterns of z (relu(z) = z, step(z) = 1 for z > 0;"
        " 0 and 0 for z < 0) the difference cancels to 0"
    )


SIMPLIFIED = "the difference simplifies to 0 (gradproof.derivation.is_identically_zero)"
NOT_SIMPLIFIED = "no simplification of the difference reached 0"


def prove_zero(net: Network, diff: sp.Expr, *, simplify: bool = True) -> tuple[bool, str]:
    """Try to prove ``diff`` ≡ 0 on the network's domain; returns (proved, how or why not).

    The cheap, exact steps come first (cancellation as a rational function, with exponentials
    named by independent symbols; the sign patterns of a ReLU network); with ``simplify``
    :func:`gradproof.derivation.is_identically_zero` is tried last (it can be slow on a false
    claim, so :func:`solve_steps` first looks for a counterexample before asking for it).
    """
    if net.activation == "relu":
        return _relu_patterns(net, diff)
    atoms, k = _atomize(diff)
    if _nonzero_somewhere(atoms):
        # not a rational-function identity (cancelling would only take long to say so)
        if not simplify:
            return False, "the difference is not 0 as a rational function"
        return (True, SIMPLIFIED) if is_identically_zero(diff) else (False, NOT_SIMPLIFIED)
    if _rational_zero(diff):
        return True, "the difference cancels to 0 as a rational function"
    if _rational_zero(atoms):
        return True, (
            f"with its {k} exponential(s) e^u named by independent symbols, the difference"
            " cancels to 0 as a rational function (an identity in independent symbols holds"
            " for their true values too)"
        )
    if not simplify:
        return False, "the difference does not cancel as a rational function"
    return (True, SIMPLIFIED) if is_identically_zero(diff) else (False, NOT_SIMPLIFIED)


def _value(expr: sp.Expr) -> tuple[sp.Float, sp.Float] | None:
    """(value at 50 digits, |50-digit − 100-digit value|) for a closed real expression, or None.

    SymPy's ``evalf`` raises its working precision until the requested digits are correct (also
    through cancellation); the second, independent evaluation at 100 digits bounds the error.
    The raise is capped at :data:`EXTRA_DIGITS` beyond the request: at an exact zero there are
    no correct digits to find and an uncapped ``evalf`` keeps raising (seconds per point); the
    capped one returns noise, which the 50/100-digit comparison then rejects.
    """
    lo = expr.evalf(DIGITS, maxn=DIGITS + EXTRA_DIGITS)
    hi = expr.evalf(2 * DIGITS, maxn=2 * DIGITS + EXTRA_DIGITS)
    if not (lo.is_Number and hi.is_Number and lo.is_finite and hi.is_finite):
        return None  # not a real number here (a ReLU kink, a log of a negative number, …)
    lo, hi = sp.Float(lo, DIGITS), sp.Float(hi, 2 * DIGITS)
    return lo, abs(hi - lo)


def _points(net: Network, count: int, seed: int) -> list[dict[sp.Symbol, sp.Rational]]:
    rng = random.Random(seed)
    weights = [*net.w, *(net.b if net.biases else ())]
    pts = []
    for n in range(count):
        pt: dict[sp.Symbol, sp.Rational] = {}
        for k, v in enumerate(weights):
            pt[v] = _WEIGHTS[(n + k) % len(_WEIGHTS)] if n == 0 else rng.choice(_WEIGHTS)
        for p in net.data:
            pt[p.x] = rng.choice(_WEIGHTS) if n else sp.Integer(1)
            pt[p.y] = rng.choice(_TARGETS) if n else sp.Integer(0)
        pts.append(pt)
    return pts


def find_counterexample(
    net: Network,
    claim: sp.Expr,
    true: sp.Expr,
    count: int,
    seed: int,
    tally: dict[str, int] | None = None,
) -> Counterexample | None:
    """A point (small rationals) where claim and true differ far beyond evaluation error.

    ``tally`` (if given) counts the points tried (``"points"``) and those where the difference
    was a real number that could be compared (``"compared"``; a log of a negative number or a
    ReLU kink is not), so that "no counterexample" is never reported for points never compared.
    """
    if tally is not None:
        tally.setdefault("points", 0)
        tally.setdefault("compared", 0)
    for pt in _points(net, count, seed):
        d = _value((claim - true).xreplace(pt))  # the difference itself, not cv − tv
        if tally is not None:
            tally["points"] += 1
            tally["compared"] += d is not None
        if d is None or d[0] == 0 or d[1] > sp.Float("1e-20") * abs(d[0]):
            continue  # zero, or not even its leading digits are certain
        c = _value(claim.xreplace(pt))
        t = _value(true.xreplace(pt))
        if c is None or t is None:
            continue
        (cv, _), (tv, _), (dv, _) = c, t, d
        scale = max(sp.Float(1), abs(cv), abs(tv))
        # separated: the difference is nonzero, its 50- and 100-digit values agree to 20 digits
        # (error ≤ 10⁻²⁰·|difference|), and it is not at the level of evaluation noise
        if abs(dv) > sp.Float("1e-70") * scale:
            return Counterexample(
                point={str(k): str(v) for k, v in pt.items()},
                claimed_value=str(cv),
                correct_value=str(tv),
                difference=str(dv),
            )
    return None


def solve_steps(spec: dict[str, Any], derivative: str, claimed: str) -> Iterator[dict[str, Any]]:
    """The worker's job: parse, then refute or prove. Yields plain data (strings, bools): first
    the verdict (``"final": False`` while the displayed correct expression is still being
    proved), then the complete answer (``"final": True``)."""
    net = Network(**spec)
    kind, index = parse_derivative(derivative, net)
    claim = parse_expression(claimed, net)
    correct = parse_expression(net.correct_text(kind, index), net)
    true = net.true_derivative(kind, index)
    tally: dict[str, int] = {}
    # prove first (exact and cheap); look for a counterexample only when that does not close,
    # then try the slow simplification, then look harder
    ce = None
    proved, how = prove_zero(net, claim - true, simplify=False)
    if not proved:
        ce = find_counterexample(net, claim, true, 6, seed=1, tally=tally)
    if not proved and ce is None and net.activation != "relu":  # ReLU: the patterns decided
        if is_identically_zero(claim - true):
            proved, how = True, SIMPLIFIED
        else:
            how = NOT_SIMPLIFIED
    if not proved and ce is None:
        ce = find_counterexample(net, claim, true, 60, seed=2, tally=tally)
    out: dict[str, Any]
    if ce is not None:
        out = {"status": "refuted", "counterexample": ce.as_json()}
        out["detail"] = (
            "the claim differs from the true derivative at the point shown (values at 50"
            " digits; the difference, evaluated at 50 and 100 digits, agrees to 20 digits, so it"
            " is far above the evaluation error)"
        )
    elif proved:
        out = {"status": "proved", "detail": f"claim − true derivative ≡ 0: {how}"}
    else:
        compared, points = tally["compared"], tally["points"]
        seen = (
            f"the claim agrees with the true derivative at all {compared} of {points} test"
            " points where their difference is a real number (50 digits)"
            if compared
            else f"at none of the {points} test points is the difference a real number (a log of"
            " a negative number? a ReLU kink?), so nothing could be compared"
        )
        out = {
            "status": "undecided",
            "detail": f"{seen}, and the symbolic proof did not close: {how}",
        }
    if proved and correct == claim:  # the claim is the displayed expression, structurally
        yield {**out, "correct_checked": True, "final": True}
        return
    yield {**out, "correct_checked": False, "final": False}
    correct_ok, correct_how = prove_zero(net, correct - true)
    note = "proved" if correct_ok else "NOT proved"
    yield {
        **out,
        "correct_checked": correct_ok,
        "detail": f"{out['detail']}; the correct expression shown was {note} equal to the true"
        f" derivative: {correct_how}",
        "final": True,
    }


def solve(spec: dict[str, Any], derivative: str, claimed: str) -> dict[str, Any]:
    """:func:`solve_steps` run to the end in this process (no time limit): the final answer."""
    *_, last = solve_steps(spec, derivative, claimed)
    return last


def _die_with_parent(parent_pid: int) -> None:
    """Make this worker process end when its parent does, whatever ends the parent.

    On Linux the kernel sends SIGKILL when the parent exits (``prctl(PR_SET_PDEATHSIG)``); on
    every system a daemon thread polls :func:`os.getppid` twice a second and ends the process
    when it has been re-parented (the parent is gone). Ctrl-C is left to the parent: the worker
    ignores SIGINT, and the parent stops it.
    """
    import contextlib
    import os
    import signal
    import sys
    import threading

    with contextlib.suppress(ValueError, OSError):  # (not the main thread: nothing to do)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no usable libc
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)

    def watchdog() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watchdog, name="gradproof-parent-watchdog", daemon=True).start()


def _worker(
    conn: Any,
    spec: dict[str, Any],
    derivative: str,
    claimed: str,
    job: Any = None,
    parent_pid: int = 0,
) -> None:
    if parent_pid:
        _die_with_parent(parent_pid)
    try:  # a memory ceiling for the worker only (Linux): 2 GiB beyond what it starts with
        import os
        import resource

        with open("/proc/self/statm") as fh:
            current = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = current + 2 * 1024**3
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit < hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass
    try:
        for step_answer in (job or solve_steps)(spec, derivative, claimed):
            conn.send(step_answer)
    except CheckInputError as exc:
        conn.send({"status": "invalid", "detail": str(exc)})
    except BaseException as exc:  # report, never hang the parent
        conn.send({"status": "undecided", "detail": f"{type(exc).__name__}: {exc}"})
    finally:
        conn.close()


def _wait(conn: Any, timeout: float, progress: bool) -> bool:
    """Wait up to ``timeout`` s for the worker's answer; with ``progress``, show a tqdm bar of
    the elapsed time once the wait passes 2 s (tqdm is the ``experiment`` extra; without it,
    no bar)."""
    if not progress:
        return bool(conn.poll(timeout))
    start = time.monotonic()
    bar: Any = None
    try:
        while True:
            elapsed = time.monotonic() - start
            if elapsed >= timeout:
                return False
            if conn.poll(min(0.25, timeout - elapsed)):
                return True
            if bar is None and elapsed > 2.0:
                try:
                    from tqdm import tqdm
                except ImportError:
                    return bool(conn.poll(max(0.0, timeout - elapsed)))
                bar = tqdm(
                    total=round(timeout, 1),
                    desc="proving",
                    unit="s",
                    leave=False,
                    bar_format="{desc}: {bar} {n:.0f}/{total:.0f} s (time limit)",
                )
            if bar is not None:
                bar.n = round(min(elapsed, timeout), 1)
                bar.refresh()
    finally:
        if bar is not None:
            bar.close()


def _run_with_timeout(
    spec: dict[str, Any],
    derivative: str,
    claimed: str,
    timeout: float,
    progress: bool = False,
    job: Any = None,
) -> dict[str, Any]:
    """Run ``job(spec, derivative, claimed)`` (default :func:`solve_steps`; a module-level
    generator of answer dicts) in a worker process killed after ``timeout`` seconds."""
    methods = multiprocessing.get_all_start_methods()
    ctx: Any = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    import os

    proc = ctx.Process(
        target=_worker, args=(child, spec, derivative, claimed, job, os.getpid()), daemon=True
    )
    proc.start()
    child.close()
    deadline = time.monotonic() + timeout
    answer: dict[str, Any] | None = None
    try:
        while answer is None or not answer.get("final", True):
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _wait(parent, remaining, progress):
                break
            try:
                answer = dict(parent.recv())
            except EOFError:
                break
        if answer is not None:
            if not answer.get("final", True):
                answer["detail"] = (
                    f"{answer['detail']}; the proof that the correct expression shown equals the"
                    f" true derivative did not finish within {timeout:g} s"
                )
            return answer
        if not proc.is_alive():
            proc.join(5)
            return {
                "status": "undecided",
                "detail": f"the proof worker stopped without an answer (exit code {proc.exitcode};"
                " out of memory?)",
            }
        return {
            "status": "undecided",
            "detail": f"no proof and no counterexample within the time limit of {timeout:g} s",
        }
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join()
        else:
            proc.join()
        parent.close()


def check(
    derivative: str,
    claimed: str,
    *,
    layers: int = 1,
    activation: str = "sigmoid",
    cost: str = "quadratic",
    biases: bool = True,
    pairs: int | None = None,
    average: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    progress: bool = False,
) -> CheckResult:
    """Prove or refute ``claimed`` as the derivative ``derivative`` of the network's cost.

    The network is a chain of ``layers`` single neurons (activation ``"sigmoid"``, ``"tanh"`` or
    ``"relu"``; with or without biases), cost ``"quadratic"`` (y − a)²/2, ``"squared"`` (y − a)²
    or ``"cross_entropy"`` (sigmoid only), for one training pair (x, y) or summed (averaged
    with ``average=True``) over ``pairs`` pairs. ``derivative`` is ``"dC/dw1"``, ``"∂C/∂b2"``,
    ``"dC/dx"`` …; ``claimed`` uses the syntax of :mod:`gradproof.checker.parser`, e.g.
    ``"σ'(z1)*w2*σ'(z2)*(a2 - y)"``. Example (lecture notes §1, cross-entropy gradient)::

        >>> check("dC/dw1", "x*(sigmoid(z1) - y)", cost="cross_entropy").status
        'proved'

    Raises :class:`CheckInputError` (a ``ValueError``) for bad input; the proof itself runs in a
    worker process killed after ``timeout`` seconds, giving status ``"undecided"``. With
    ``progress=True`` a progress bar (tqdm) shows the elapsed time when the wait passes 2 s.
    """
    start = time.perf_counter()
    if not isinstance(progress, bool):
        raise CheckInputError(f"progress must be True or False, got {type(progress).__name__}")
    if (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not 0 < timeout <= MAX_TIMEOUT  # also refuses nan and inf
    ):
        raise CheckInputError(
            f"timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}"
            f" (one day), got {timeout!r}"
        )
    spec: dict[str, Any] = {
        "layers": layers,
        "activation": activation,
        "cost": cost,
        "biases": biases,
        "pairs": pairs,
        "average": average,
    }
    net = Network(**spec)
    kind, index = parse_derivative(derivative, net)
    parse_expression(claimed, net)  # bad input is reported here, before any worker starts
    name = "x" if kind == "x" else f"{kind}{index}"
    domain = (
        "every point where no z_j is 0 (ReLU has no derivative at 0) and the claimed"
        " expression is defined"
        if activation == "relu"
        else "all real values of the variables at which the claimed expression is defined"
    )
    answer = _run_with_timeout(spec, derivative, claimed, float(timeout), progress)
    if answer["status"] == "invalid":  # cannot happen after the parse above; kept for safety
        raise CheckInputError(str(answer["detail"]))
    ce = answer.get("counterexample")
    return CheckResult(
        status=answer["status"],
        derivative=f"∂C/∂{name}",
        network={**spec, "description": net.describe()},
        claimed=" ".join(claimed.split()),
        correct=net.correct_text(kind, index),
        definitions=net.definitions(),
        domain=domain,
        detail=str(answer["detail"]),
        counterexample=None if ce is None else Counterexample(**ce),
        seconds=time.perf_counter() - start,
        correct_checked=bool(answer.get("correct_checked", False)),
    )
