"""Wording similarity of Vietnamese task texts: TF-IDF cosine over syllables and syllable pairs.

Vietnamese words are several syllables ("trí tuệ nhân tạo"), so pairs of syllables carry most of the
meaning; inverse document frequency discounts what every task says ("thi hành Luật"). A dozen lines of
arithmetic over a corpus of a few dozen tasks: a dependency such as scikit-learn would not pay for itself.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import Counter
from collections.abc import Sequence

from aikg.ingest.text import clean, match_key

#: Longest phrase quoted as the reason for a link, in syllables.
_PHRASE = 12

#: Syllables too common in these texts to say anything on their own.
_STOP = frozenset("và của các có được trong theo về với cho để những là một này đối tại trên khi từ đến "
                  "hoặc thì do bảo đảm thực hiện".split())


def terms(text: str) -> Counter[str]:
    """Syllables (minus function words) and adjacent syllable pairs."""
    syllables = re.findall(r"[^\W\d_]+", match_key(text))
    words = [s for s in syllables if s not in _STOP]
    pairs = [f"{a} {b}" for a, b in zip(syllables, syllables[1:], strict=False)
             if a not in _STOP and b not in _STOP]
    return Counter(words + pairs)


class Corpus:
    """IDF weights from a set of texts; `score` compares any two texts with them."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.size = max(len(texts), 1)
        self.df: Counter[str] = Counter()
        for text in texts:
            self.df.update(set(terms(text)))

    def idf(self, term: str) -> float:
        return math.log((1 + self.size) / (1 + self.df.get(term, 0))) + 1.0

    def vector(self, text: str) -> dict[str, float]:
        return {t: n * self.idf(t) for t, n in terms(text).items()}

    def score(self, a: str, b: str) -> float:
        """Cosine similarity in [0, 1]."""
        va, vb = self.vector(a), self.vector(b)
        dot = sum(w * vb.get(t, 0.0) for t, w in va.items())
        norm = math.sqrt(sum(w * w for w in va.values())) * math.sqrt(sum(w * w for w in vb.values()))
        return dot / norm if norm else 0.0

    def shared(self, a: str, b: str, limit: int = 3) -> list[str]:
        """The longest runs of syllables both texts contain, in a's wording: the words a link rests on.

        difflib's matching blocks over the two syllable sequences find common phrases, repeatedly."""
        token = re.compile(r"[^\W\d_]+|\d+")
        sa, sb = token.findall(match_key(a)), token.findall(match_key(b))
        shown = token.findall(clean(a))  # same tokens, as written (match_key keeps letters and digits apart)
        if len(shown) != len(sa):
            shown = sa
        runs: dict[str, int] = {}
        matcher = difflib.SequenceMatcher(None, sa, sb, autojunk=False)
        for block in matcher.get_matching_blocks():
            words = sa[block.a:block.a + block.size]
            if len([w for w in words if w not in _STOP]) >= 2:
                phrase = shown[block.a:block.a + min(block.size, _PHRASE)]
                runs[" ".join(phrase) + (" …" if block.size > _PHRASE else "")] = block.size
        return sorted(runs, key=lambda r: (-runs[r], r))[:limit]
