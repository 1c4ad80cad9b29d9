"""The guard's summary-level verdict: a logistic model over :mod:`newsbrief.guard.features`.

Two weight sets, one per style of summary. A style detector that looks only at the summary and
the article (the mean novel-trigram share of its sentences, above :data:`STYLE_CUT`: a free
paraphrase, XSum-like; otherwise mostly copied, CNN/DM-like) picks the set; the dataset a summary
came from is never an input. Each set is fitted on human factuality labels (FRANK,
``factuality_dev.jsonl``), the CNN/DM set on the cnndm summaries, the paraphrase set on the xsum
ones, with balanced class weights; the threshold maximises balanced accuracy on the same data.
Cross-validated figures are in docs/llm.md.

Refit (needs scikit-learn, the bench's extra) and rewrite the constants below with::

    python -m bench.guard --data ../shared/data --fit --write
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.guard.features import FEATURE_NAMES


@dataclass(frozen=True, slots=True)
class StyleModel:
    """Standardisation (of log1p|x|), weights for "has an error", and the flag threshold."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    # Flag the summary when its probability of being faithful is not above this.
    threshold: float

    def faithful_probability(self, features: Sequence[float]) -> float:
        z = self.bias
        for x, m, s, w in zip(features, self.mean, self.scale, self.weights, strict=True):
            z += w * ((math.log1p(abs(x)) - m) / s)
        return 1.0 / (1.0 + math.exp(min(max(z, -60.0), 60.0)))


@dataclass(frozen=True, slots=True)
class GuardModel:
    style_cut: float
    copied: StyleModel
    paraphrase: StyleModel

    def style(self, features: Sequence[float]) -> StyleModel:
        abstractive = features[_STYLE_FEATURE] > self.style_cut
        return self.paraphrase if abstractive else self.copied

    def faithful_probability(self, features: Sequence[float]) -> float:
        return self.style(features).faithful_probability(features)

    def faithful(self, features: Sequence[float]) -> bool:
        model = self.style(features)
        return model.faithful_probability(features) > model.threshold


_STYLE_FEATURE = FEATURE_NAMES.index("mean_novel_trigrams")

# --- fitted constants: written by `python -m bench.guard --data ../shared/data --fit --write` ---
STYLE_CUT = 0.6
COPIED = StyleModel(
    mean=(
        0.052867, 0.237218, 0.234217, 0.09143, 0.16539, 1.321894, 0.007858, 0.093168, 0.005613,
        0.063903, 0.159917, 0.265151, 0.082504, 3.115304, 0.036054, 0.098628, 0.408592,
        0.836981, 0.468027, 1.221396, 0.026369, 0.145314, 0.142865, 0.048651, 0.092419,
        1.221913, 0.004218, 0.058238, 0.002935, 0.032394, 0.087141, 0.154627, 0.054144,
        2.916415, 0.015394, 0.045677, 0.213731, 0.564848, 0.263053, 1.032372, 0.040173, 1.379568
    ),
    scale=(
        0.098626, 0.190685, 0.19003, 0.118599, 0.176276, 0.145026, 0.07338, 0.236429, 0.062119,
        0.105494, 0.152583, 0.417411, 0.224456, 0.305218, 0.113915, 0.176308, 0.340979,
        0.461826, 0.401783, 0.312637, 0.05308, 0.137631, 0.136357, 0.071169, 0.112331, 0.158098,
        0.040855, 0.160205, 0.034563, 0.05872, 0.096264, 0.270393, 0.157804, 0.265225, 0.053367,
        0.092194, 0.202631, 0.374985, 0.260689, 0.244347, 0.104251, 0.161368
    ),
    weights=(
        0.05871, -0.194745, -0.094697, 0.066375, 0.274742, 0.226753, 0.071263, -0.010383,
        0.199864, -0.128445, 0.291147, -0.498202, 0.33038, 0.10539, -0.364575, 0.153234,
        -0.029351, 0.13271, 0.077664, 0.002475, 0.364532, 0.041148, 0.38357, -0.067715,
        -0.37393, -0.169326, 0.106656, -0.21703, -0.166662, 0.065048, 0.252617, 0.641012,
        -0.155682, -0.413372, 0.338699, -0.175321, 0.176873, 0.446701, -0.180607, -0.204626,
        0.183568, 0.033781
    ),
    bias=-0.012801,
    threshold=0.448428022,
)  # fmt: skip
PARAPHRASE = StyleModel(
    mean=(
        0.303784, 0.65906, 0.658095, 0.498378, 0.627718, 0.438195, 0.167719, 0.016702, 0.022966,
        0.387028, 0.490718, 1.385273, 0.009743, 2.990493, 0.118835, 0.21039, 0.132923, 0.909575,
        0.017805, 1.243993, 0.303431, 0.659009, 0.658044, 0.498049, 0.627588, 0.437523,
        0.167719, 0.016702, 0.022966, 0.386695, 0.490492, 1.384353, 0.009743, 2.989282,
        0.118546, 0.20987, 0.132923, 0.909168, 0.017805, 1.242944, 0.0118, 0.694776
    ),
    scale=(
        0.142483, 0.047572, 0.048239, 0.120078, 0.085052, 0.204567, 0.296858, 0.106293,
        0.124061, 0.11339, 0.086806, 0.517594, 0.081599, 0.20754, 0.192241, 0.257674, 0.272886,
        0.592202, 0.111678, 0.492736, 0.142496, 0.047549, 0.048216, 0.119711, 0.085002,
        0.204655, 0.296858, 0.106293, 0.124061, 0.113547, 0.087112, 0.518395, 0.081599,
        0.210927, 0.191773, 0.257109, 0.272886, 0.592211, 0.111678, 0.493637, 0.040144, 0.025644
    ),
    weights=(
        0.346096, -0.089707, 0.095626, -0.077553, -0.041529, 0.049946, 0.112801, 0.105288,
        0.25776, 0.185936, 0.067583, -0.266794, -0.133056, 0.218758, -0.062984, 0.214042,
        -0.074893, -0.048038, -0.03932, -0.101149, 0.339658, -0.093206, 0.092265, -0.083322,
        -0.046482, 0.042199, 0.112801, 0.105288, 0.25776, 0.176589, 0.055748, -0.2715,
        -0.133056, 0.20061, -0.064971, 0.211931, -0.074893, -0.04911, -0.03932, -0.105864,
        0.056143, 0.163492
    ),
    bias=0.406297,
    threshold=0.518513628,
)  # fmt: skip
# --- end of fitted constants ---

MODEL = GuardModel(STYLE_CUT, COPIED, PARAPHRASE)

__all__ = ["MODEL", "GuardModel", "StyleModel"]
