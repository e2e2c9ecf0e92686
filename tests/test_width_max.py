"""Width maximum: the certified enclosures contain an independent high-precision maximiser."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import mpmath
import pytest

from gradproof.numerics import width_max


def _reference() -> tuple[mpmath.mpf, mpmath.mpf]:
    """Maximiser of (123) from mpmath.findroot on d/du of (123) itself, at 50 digits."""
    with mpmath.workdps(50):

        def width(u: mpmath.mpf) -> mpmath.mpf:
            return 2 / u * mpmath.log(u * (1 + mpmath.sqrt(1 - 4 / u)) / 2 - 1)

        u_star = mpmath.findroot(lambda u: mpmath.diff(width, u), mpmath.mpf(7))
        return u_star, width(u_star)


def test_enclosures_contain_independent_maximiser_and_are_narrow() -> None:
    box = width_max.certified_width_maximum()
    u_star, w_star = _reference()
    assert box.argmax_lo <= u_star <= box.argmax_hi
    assert box.max_lo <= w_star <= box.max_hi
    assert box.argmax_hi - box.argmax_lo <= 1e-12
    assert box.max_hi - box.max_lo <= 1e-12
    assert isinstance(box.argmax_lo, float)


def test_text_values_are_rounded_maximum() -> None:
    box = width_max.certified_width_maximum()
    assert round(box.argmax_lo, 1) == 6.9 and round(box.max_lo, 2) == 0.45


def test_scipy_route_agrees_with_certified_route() -> None:
    argmax, value = width_max.scipy_width_maximum()
    box = width_max.certified_width_maximum()
    assert box.argmax_lo - 1e-8 <= argmax <= box.argmax_hi + 1e-8
    assert box.max_lo - 1e-12 <= value <= box.max_hi + 1e-12


def test_enclosure_is_frozen() -> None:
    box = width_max.certified_width_maximum()
    with pytest.raises(dataclasses.FrozenInstanceError):
        box.argmax_lo = 0.0  # type: ignore[misc]


def test_gain_width_figure_is_written(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = width_max.plot_gain_width(tmp_path)
    assert path.name == "gain-width.png" and path.stat().st_size > 1000


def test_enclosure_does_not_depend_on_the_callers_mpmath_precision() -> None:
    # a user who lowered mpmath's working precision must get the same certified box (the
    # bisection once looped forever at mp.prec = 10: its midpoints rounded onto an endpoint)
    cached = width_max.certified_width_maximum()
    for prec in (10, 30, 300):
        with mpmath.workprec(prec):
            fresh, _ = width_max._certified.__wrapped__()
        assert fresh == cached, prec


def test_formal_statement_is_a_closed_core_theorem_of_kind_certified() -> None:
    st = width_max.width_max.formal.get()
    assert st.kind == "certified"
    outcome = st.prove()
    assert outcome.ok, outcome.detail
    assert outcome.theorem is not None and outcome.theorem.closed
    assert outcome.theorem.rules_used()["enclosure"] == 6


def test_the_bracket_contains_the_certified_root_and_maps_inside_the_stated_intervals() -> None:
    # independent of the statement's proof: the s-bracket holds the interval-arithmetic root
    box = width_max.certified_width_maximum()
    s_lo, s_hi = (float(v) for v in width_max.S_BRACKET)
    s_star_lo = (1 - 4 / box.argmax_lo) ** 0.5
    s_star_hi = (1 - 4 / box.argmax_hi) ** 0.5
    assert s_lo < s_star_lo <= s_star_hi < s_hi
    centre, half = (float(v) for v in width_max.STATED_ARGMAX)
    assert centre - half < 4 / (1 - s_lo**2) < box.argmax_lo
    assert box.argmax_hi < 4 / (1 - s_hi**2) < centre + half


def test_a_bracket_on_one_side_of_the_root_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # both ends below s*: W′(s_B) < 0 is false, the core's enclosure rule refuses it
    monkeypatch.setattr(width_max, "S_BRACKET", ("0.64791822902955", "0.6479182290296"))
    outcome = width_max._width_max_statement().prove()
    assert not outcome.ok and "enclosure" in outcome.detail
