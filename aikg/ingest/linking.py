"""Link each local task to the QĐ 367 task it follows, by wording, with a confidence to review.

The national tasks come from data/ (aikg:NationalTask with their label and text). A local task is
linked to its best match when the similarity reaches `threshold`; every candidate above a lower
floor is listed in the report so that a reviewer sees the near misses too.
"""

from __future__ import annotations

from aikg.ingest.knowledge import NationalTask
from aikg.ingest.model import Link, PlanItem
from aikg.ingest.similarity import Corpus

DEFAULT_THRESHOLD = 0.35
_SHOW_FLOOR = 0.2


def link_tasks(tasks: list[PlanItem], national: list[NationalTask], threshold: float = DEFAULT_THRESHOLD) -> list[Link]:
    """The best national task for each local task (accepted at or above `threshold`)."""
    if not national or not tasks:
        return []
    corpus = Corpus([n.text for n in national] + [t.text for t in tasks])
    links = []
    for task in tasks:
        text = _task_text(task)
        scored = sorted(((corpus.score(text, n.text), n) for n in national), key=lambda sn: (-sn[0], sn[1].iri))
        score, best = scored[0]
        if score < _SHOW_FLOOR:
            continue
        links.append(Link(task.path, best.iri, best.notation, round(score, 2), corpus.shared(text, best.text),
                          score >= threshold))
    return links


def _task_text(task: PlanItem) -> str:
    parts = [task.text]
    if task.fields and task.fields.product_text:
        parts.append(task.fields.product_text)
    return "\n".join(parts)
