"""Hypothesis profiles, registered once for the whole suite.

* ``ci``: derandomised (same examples every run), no example database; the default under
  ``CI=true``.
* ``dev``: the local default — random examples, 100 per test.
* ``thorough``: many more examples; opt in with ``pytest --hypothesis-profile thorough``.

The claim property checks (``gradproof.properties.run_property``) run under the same profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

pytest_plugins = ["pytester"]

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "thorough",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev")
