"""A small, vectorised sigmoid network: backpropagation and full-batch gradient descent.

The network of Nielsen ch. 5 (Nielsen's ``network2``), with every layer a sigmoid layer:

* layer sizes ``sizes = [n_0, n_1, …, n_L]`` (``n_0`` inputs, ``n_L`` outputs);
* weights ``W^l`` (shape ``n_l × n_{l−1}``) drawn from N(0, 1/n_{l−1}), biases ``b^l`` from
  N(0, 1), from a seedable :class:`numpy.random.Generator`;
* ``z^l = W^l a^{l−1} + b^l``, ``a^l = σ(z^l)`` (σ and σ′ are the verified
  :func:`~gradproof.numerics.formulas.sigmoid` and
  :func:`~gradproof.numerics.formulas.sigmoid_prime`);
* the cross-entropy cost C = (1/n) Σ_x Σ_j −[y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)] over a batch
  of n inputs (lecture notes §1 eq. (1)), for which the output error is δᴸ = aᴸ − y (lecture
  notes problem 3-3, claim ``cross_entropy_cancellation``), and backpropagation
  δˡ = σ′(zˡ) ⊙ (W^{l+1})ᵀ δ^{l+1}, ∂C/∂bˡ = mean over the batch of δˡ,
  ∂C/∂Wˡ = mean of δˡ (a^{l−1})ᵀ.

The whole batch goes through each layer as one matrix product (a batch is a matrix with one input
per row), so there is no Python loop over training inputs; :func:`per_example_gradients` keeps the
textbook one-input-at-a-time structure as an independent reference for the tests and the
benchmark (``benchmarks/bench_layer_speeds.py``).

Training (:func:`train_recording_speeds`) is full-batch gradient descent with L2 weight decay as
in ``network2``: W ← (1 − ηλ/n) W − η ∂C/∂W, b ← b − η ∂C/∂b with n the batch size. The "speed of
learning" of hidden layer l (Nielsen ch. 5, lecture notes §3.1) is ‖δˡ‖, the Euclidean norm of the
batch-averaged bias gradient ∂C/∂bˡ; it is recorded before every update.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import numpy.random  # loaded now, not lazily at the first draw: see below
import numpy.typing as npt

from gradproof.numerics import formulas

# numpy loads numpy.random lazily, at the first ``np.random`` access — for the experiment, the
# first network's initialisation, just after its progress bar appears. A Ctrl-C that arrives
# while those extension modules initialise can be lost (the run then ignores it and trains on;
# reproduced on a loaded machine, 4 times in 6), so the import above loads them with this module,
# before the command starts its work.

FloatArray = npt.NDArray[np.float64]


@contextlib.contextmanager
def single_blas_thread(enabled: bool = True) -> Iterator[None]:
    """Run the block with the BLAS library limited to one thread (via threadpoolctl if present).

    The products here have a dimension of 30 or so: too thin to split across threads with any
    profit, while a multi-threaded BLAS on a busy machine (more runnable threads than cores)
    spin-waits and can be 10–50× slower. Without threadpoolctl (it comes with scikit-learn, the
    ``experiment`` extra), or with ``enabled=False``, the block runs unchanged.
    """
    if not enabled:
        yield
        return
    try:
        from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]
    except ImportError:  # pragma: no cover - depends on the installed extras
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def check_sizes(sizes: Sequence[int], name: str = "sizes") -> tuple[int, ...]:
    """``sizes`` as a tuple of positive ints with at least an input and an output layer.

    Raises ValueError naming ``name``, the value and what was expected.
    """
    try:
        out = tuple(int(s) for s in sizes)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a sequence of layer widths, got {sizes!r}") from exc
    if any(float(s) != o for s, o in zip(sizes, out, strict=True)):
        raise ValueError(f"{name} must hold whole numbers, got {list(sizes)!r}")
    if len(out) < 2:
        raise ValueError(f"{name} needs at least an input and an output layer, got {list(out)!r}")
    if any(s < 1 for s in out):
        raise ValueError(f"every layer width in {name} must be ≥ 1, got {list(out)!r}")
    return out


@dataclass(frozen=True)
class Gradients:
    """Batch-averaged gradients of the cross-entropy cost, one array per layer 1 … L."""

    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]

    def hidden_speeds(self) -> FloatArray:
        """‖∂C/∂bˡ‖ for the hidden layers l = 1 … L − 1 (the output layer left out)."""
        return np.array([float(np.linalg.norm(b)) for b in self.biases[:-1]])


@dataclass
class Network:
    """A fully connected sigmoid network with cross-entropy cost; see the module docstring.

    ``weights[l]`` has shape (sizes[l+1], sizes[l]) and ``biases[l]`` shape (sizes[l+1],), for
    l = 0 … L − 1 (so ``weights[0]`` is the text's W¹). Inputs are batches of shape
    (n, sizes[0]), one input per row; targets have shape (n, sizes[-1]) with entries in [0, 1].
    """

    sizes: tuple[int, ...]
    weights: list[FloatArray]
    biases: list[FloatArray]

    @classmethod
    def initialise(cls, sizes: Sequence[int], rng: np.random.Generator | int) -> Network:
        """Weights N(0, 1/n_in), biases N(0, 1) (``network2``'s default initialiser).

        ``rng`` is a :class:`numpy.random.Generator` or an int seed for
        :func:`numpy.random.default_rng`. Per layer, the weights are drawn before the biases.
        """
        sizes = check_sizes(sizes)
        if not isinstance(rng, np.random.Generator):
            if isinstance(rng, bool) or not isinstance(rng, (int, np.integer)):
                raise TypeError(f"rng must be a numpy.random.Generator or an int seed, got {rng!r}")
            rng = np.random.default_rng(int(rng))
        weights: list[FloatArray] = []
        biases: list[FloatArray] = []
        for n_in, n_out in itertools.pairwise(sizes):
            weights.append(rng.standard_normal((n_out, n_in)) / np.sqrt(n_in))
            biases.append(rng.standard_normal(n_out))
        return cls(sizes, weights, biases)

    def copy(self) -> Network:
        """An independent copy (arrays copied)."""
        return Network(
            self.sizes, [w.copy() for w in self.weights], [b.copy() for b in self.biases]
        )

    # ------------------------------------------------------------------ forward and backward

    def _check_batch(self, x: Any, y: Any | None = None) -> tuple[FloatArray, FloatArray | None]:
        xa = np.asarray(x, dtype=np.float64)
        if xa.ndim != 2 or xa.shape[1] != self.sizes[0]:
            raise ValueError(
                f"x must have shape (n, {self.sizes[0]}) (one input per row), got {xa.shape}"
            )
        if y is None:
            return xa, None
        ya = np.asarray(y, dtype=np.float64)
        if ya.shape != (xa.shape[0], self.sizes[-1]):
            raise ValueError(
                f"y must have shape ({xa.shape[0]}, {self.sizes[-1]}) to match x, got {ya.shape}"
            )
        return xa, ya

    def forward(self, x: Any) -> tuple[list[FloatArray], list[FloatArray]]:
        """(zs, activations): zs[l] = z^{l+1} (n × sizes[l+1]), activations[0] = x."""
        a, _ = self._check_batch(x)
        zs: list[FloatArray] = []
        activations = [a]
        for w, b in zip(self.weights, self.biases, strict=True):
            z = a @ w.T
            z += b
            a = cast(FloatArray, formulas.sigmoid(z))  # an array for an array input
            zs.append(z)
            activations.append(a)
        return zs, activations

    def feedforward(self, x: Any) -> FloatArray:
        """The outputs aᴸ for a batch x (shape (n, sizes[0]) → (n, sizes[-1]))."""
        return self.forward(x)[1][-1]

    def cost(self, x: Any, y: Any) -> float:
        """Mean cross-entropy over the batch, summed over output neurons (no weight-decay term).

        Computed from the logits zᴸ (:func:`formulas.cross_entropy_from_logits`), so it stays
        accurate when σ(zᴸ) rounds to 0 or 1.
        """
        xa, ya = self._check_batch(x, y)
        assert ya is not None
        z_out = self.forward(xa)[0][-1]
        return float(np.sum(formulas.cross_entropy_from_logits(z_out, ya)) / xa.shape[0])

    def backprop(self, x: Any, y: Any) -> Gradients:
        """Batch-averaged ∂C/∂Wˡ and ∂C/∂bˡ of :meth:`cost`, by backpropagation over the batch.

        δᴸ = aᴸ − y (cross-entropy with sigmoid outputs), δˡ = σ′(zˡ) ⊙ (W^{l+1})ᵀ δ^{l+1},
        ∂C/∂bˡ = the mean of δˡ over the batch, ∂C/∂Wˡ = mean of δˡ (a^{l−1})ᵀ.
        """
        xa, ya = self._check_batch(x, y)
        assert ya is not None
        return self._backprop_columns(np.ascontiguousarray(xa.T), xa, np.ascontiguousarray(ya.T))

    def _backprop_columns(
        self,
        xt: FloatArray,
        x: FloatArray,
        yt: FloatArray,
        delta_norms: list[FloatArray] | None = None,
    ) -> Gradients:
        """:meth:`backprop` on a batch stored one input per *column* (``xt`` = xᵀ, ``yt`` = yᵀ;
        ``x`` is the same inputs one per row, for the first weight gradient).

        Internally the batch runs column-wise, zˡ = Wˡ a^{l−1} + bˡ with a^{l−1} of shape
        (n_{l−1}, n), as in the text: for the thin matrices here (one side 30) BLAS runs
        W·xᵀ and δ·x about 1.5× faster than the row-wise x·Wᵀ and δᵀ·x. With ``delta_norms``
        (a list), the per-example norms ‖δˡ_x‖ (shape (n,)) of layers 1 … L are put into it.
        """
        n = xt.shape[1]
        a = xt
        primes: list[FloatArray] = []  # σ′(zˡ) of the hidden layers, from the same e^{−|z|}
        activations = [a]
        n_layers = len(self.weights)
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = w @ a
            z += b[:, None]
            if layer < n_layers - 1:
                sig, prime = formulas._sigmoid_and_prime_chunked(z)  # float64 in, float64 out
                a = sig.astype(np.float64, copy=False)
                primes.append(prime.astype(np.float64, copy=False))
            else:
                a = cast(FloatArray, formulas.sigmoid(z))
            activations.append(a)
        grad_w: list[FloatArray] = [np.empty(0)] * n_layers
        grad_b: list[FloatArray] = [np.empty(0)] * n_layers
        delta = activations[-1] - yt
        if delta_norms is not None:
            delta_norms.clear()
        for layer in range(n_layers - 1, -1, -1):
            if delta_norms is not None:
                delta_norms.insert(0, np.sqrt(np.einsum("ij,ij->j", delta, delta)))
            grad_b[layer] = delta.sum(axis=1) / n
            grad_w[layer] = (delta @ (x if layer == 0 else activations[layer].T)) / n
            if layer:
                delta = self.weights[layer].T @ delta
                delta *= primes[layer - 1]
        return Gradients(tuple(grad_w), tuple(grad_b))

    def update(self, grads: Gradients, eta: float, lmbda: float, n: int) -> None:
        """One gradient-descent step with L2 decay: W ← (1 − ηλ/n)W − η∇W, b ← b − η∇b."""
        decay = 1.0 - eta * lmbda / n
        for w, b, gw, gb in zip(
            self.weights, self.biases, grads.weights, grads.biases, strict=True
        ):
            w *= decay
            w -= eta * gw
            b -= eta * gb


def per_example_gradients(net: Network, x: Any, y: Any) -> Gradients:
    """The same batch-averaged gradients as :meth:`Network.backprop`, one input at a time.

    The textbook structure (Nielsen ch. 5 ch. 5's ``network2.backprop`` run for each training input
    and summed): column vectors, a Python loop over the inputs. Slow; it is the independent
    reference that the tests and ``benchmarks/bench_layer_speeds.py`` compare against.
    """
    xa, ya = net._check_batch(x, y)
    assert ya is not None
    sum_w = [np.zeros_like(w) for w in net.weights]
    sum_b = [np.zeros((b.size, 1)) for b in net.biases]
    for xi, yi in zip(xa, ya, strict=True):
        activation = xi.reshape(-1, 1)
        activations = [activation]
        zs = []
        for w, b in zip(net.weights, net.biases, strict=True):
            z = w @ activation + b.reshape(-1, 1)
            zs.append(z)
            activation = formulas.sigmoid(z)
            activations.append(activation)
        delta = activations[-1] - yi.reshape(-1, 1)
        sum_b[-1] += delta
        sum_w[-1] += delta @ activations[-2].T
        for layer in range(2, len(net.sizes)):
            delta = (net.weights[-layer + 1].T @ delta) * formulas.sigmoid_prime(zs[-layer])
            sum_b[-layer] += delta
            sum_w[-layer] += delta @ activations[-layer - 1].T
    n = xa.shape[0]
    return Gradients(tuple(w / n for w in sum_w), tuple(b.ravel() / n for b in sum_b))


#: bins of the per-example bound ratio: 20 of width 0.05 on [0, 1], then one for ratios > 1
RATIO_BINS = 20


@dataclass
class BoundRecord:
    """The norm bound ‖δˡ_x‖ ≤ (‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖ (claim delta_norm_bound), measured in a run.

    For every recorded epoch e and hidden layer l (index l − 1), over the training examples x:
    ``ratio_max[e, l]``, ``ratio_mean[e, l]`` of ρˡ_x = ‖δˡ_x‖ / ((‖wˡ⁺¹‖₂/4)‖δˡ⁺¹_x‖) (≤ 1 by the
    theorem), ``predicted[e, l]`` = ∏_{k=l+1}^{L} (‖wᵏ‖₂/4) · mean_x ‖δᴸ_x‖, the bound on the
    measured speed ‖mean_x δˡ_x‖ (≤ ``example_mean[e, l]`` = mean_x ‖δˡ_x‖ ≤ predicted), and
    ``hist[l, b]`` the number of
    (epoch, example) pairs with ρ in bin b (width 1/RATIO_BINS; the last bin holds ρ > 1).
    Spectral norms are computed once per epoch per layer; the per-example norms are vectorised.
    """

    ratio_max: FloatArray
    ratio_mean: FloatArray
    predicted: FloatArray
    hist: npt.NDArray[np.int64]
    example_mean: FloatArray  # mean_x ‖δˡ_x‖: what the bound bounds before batch averaging
    #: √(mean_x ‖δˡ_x‖²), the per-example root mean square: the norm the mean-field law speaks of
    example_rms: FloatArray

    @classmethod
    def empty(cls, epochs: int, hidden: int) -> BoundRecord:
        shape = (epochs + 1, hidden)
        return cls(
            np.zeros(shape),
            np.zeros(shape),
            np.zeros(shape),
            np.zeros((hidden, RATIO_BINS + 1), dtype=np.int64),
            np.zeros(shape),
            np.zeros(shape),
        )

    def record(
        self, epoch: int, weights: Sequence[FloatArray], norms: Sequence[FloatArray]
    ) -> None:
        """Record epoch ``epoch`` from the weights and the per-example ‖δˡ_x‖, l = 1 … L."""
        spec = [float(np.linalg.norm(w, 2)) for w in weights[1:]]  # ‖wˡ⁺¹‖₂, l = 1 … L − 1
        factor = np.array(spec) / 4
        mean_out = float(norms[-1].mean())
        for layer in range(len(norms) - 1):
            denom = factor[layer] * norms[layer + 1]
            ratio = np.divide(norms[layer], denom, out=np.zeros_like(denom), where=denom > 0)
            self.ratio_max[epoch, layer] = ratio.max()
            self.ratio_mean[epoch, layer] = ratio.mean()
            self.predicted[epoch, layer] = float(np.prod(factor[layer:])) * mean_out
            self.example_mean[epoch, layer] = norms[layer].mean()
            self.example_rms[epoch, layer] = math.sqrt(float(np.mean(norms[layer] ** 2)))
            bins = np.minimum((ratio * RATIO_BINS).astype(np.int64), RATIO_BINS - 1)
            bins[ratio > 1] = RATIO_BINS
            self.hist[layer] += np.bincount(bins, minlength=RATIO_BINS + 1)


def train_recording_speeds(
    net: Network,
    x: Any,
    y: Any,
    epochs: int,
    *,
    eta: float = 0.1,
    lmbda: float = 5.0,
    callback: Callable[[int], None] | None = None,
    one_blas_thread: bool = True,
    bounds: BoundRecord | None = None,
) -> FloatArray:
    """Full-batch gradient descent on (x, y) for ``epochs`` updates, recording ‖δˡ‖ each time.

    Returns an array of shape (epochs + 1, L − 1): row e holds ‖∂C/∂bˡ‖ for the hidden layers
    l = 1 … L − 1 after e updates, i.e. row 0 is the value at initialisation and row e < epochs is
    measured just before update e + 1 (as Nielsen's measurement does; the last row is after the
    final update). The decay uses n = the batch size (x.shape[0]), as in Nielsen ch. 5 (``network2``
    with λ = 5.0, η = 0.1, 1,000 images, one batch). ``net`` is trained in place. ``callback(e)``
    is called after each update (for progress bars). BLAS runs single-threaded meanwhile
    (:func:`single_blas_thread`) unless ``one_blas_thread`` is False. With ``bounds`` (a
    :class:`BoundRecord` of matching shape) the norm bound is measured at every recorded epoch.
    """
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be an int ≥ 0, got {epochs!r}")
    if isinstance(eta, bool) or not isinstance(eta, (int, float, np.floating, np.integer)):
        raise TypeError(f"eta (learning rate) must be a number, got {type(eta).__name__}")
    if isinstance(lmbda, bool) or not isinstance(lmbda, (int, float, np.floating, np.integer)):
        raise TypeError(f"lmbda (L2 regularisation) must be a number, got {type(lmbda).__name__}")
    if not (math.isfinite(eta) and eta > 0):  # also refuses nan and inf
        raise ValueError(f"eta (learning rate) must be finite and > 0, got {eta!r}")
    if not (math.isfinite(lmbda) and lmbda >= 0):
        raise ValueError(f"lmbda (L2 regularisation) must be finite and ≥ 0, got {lmbda!r}")
    xa, ya = net._check_batch(x, y)
    assert ya is not None
    n = xa.shape[0]
    xt, yt = np.ascontiguousarray(xa.T), np.ascontiguousarray(ya.T)
    xa = np.ascontiguousarray(xa)
    speeds = np.empty((epochs + 1, len(net.sizes) - 2))
    if bounds is not None and bounds.ratio_max.shape != speeds.shape:
        raise ValueError(
            f"bounds has shape {bounds.ratio_max.shape}, expected {speeds.shape} (epochs + 1, "
            "hidden layers)"
        )
    norms: list[FloatArray] | None = [] if bounds is not None else None
    with single_blas_thread(one_blas_thread):
        for epoch in range(epochs + 1):
            # overflow or 0·∞ means the run diverged: say so, never record NaN or inf
            with np.errstate(over="raise", invalid="raise", divide="raise"):
                try:
                    grads = net._backprop_columns(xt, xa, yt, norms)
                    speeds[epoch] = grads.hidden_speeds()
                    if bounds is not None and norms is not None:
                        bounds.record(epoch, net.weights, norms)  # before the update
                    if epoch < epochs:
                        net.update(grads, eta, lmbda, n)
                except FloatingPointError as exc:
                    raise TrainingDivergedError(
                        f"gradient descent diverged at update {epoch + 1} ({exc}): η = {eta:g},"
                        f" λ = {lmbda:g} with {n} images make the weights overflow float64;"
                        " use a smaller learning rate η or L2 parameter λ"
                    ) from None
            if not np.isfinite(speeds[epoch]).all():
                raise TrainingDivergedError(
                    f"gradient descent diverged at update {epoch}: non-finite ‖δˡ‖ with"
                    f" η = {eta:g}, λ = {lmbda:g}; use a smaller learning rate or L2 parameter"
                )
            if epoch == epochs:
                break
            if callback is not None:
                callback(epoch + 1)
    return speeds


class TrainingDivergedError(ValueError):
    """Gradient descent left float64 (overflow, NaN): the learning rate or λ is too large."""
