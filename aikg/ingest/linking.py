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
#: Two national tasks this close in score are a tie; a tie goes to the one numbered like the local task
#: (Hải Phòng keeps QĐ 367's numbering in II.4, Huế renumbers).
_TIE = 0.05


def link_tasks(tasks: list[PlanItem], national: list[NationalTask], threshold: float = DEFAULT_THRESHOLD) -> list[Link]:
    """The best national task for each local task (accepted at or above `threshold`).

    A task that asks for comments on several drafts is linked once per draft, to the national task
    whose wording best matches that draft (QĐ 367 gives each draft its own task).
    """
    if not national or not tasks:
        return []
    corpus = Corpus([n.text for n in national] + [t.text for t in tasks])
    links: list[Link] = []
    for task in tasks:
        texts = [d.title for d in task.drafts] if len(task.drafts) > 1 else [_task_text(task)]
        seen: set[str] = set()
        for text in texts:
            link = _best(task, text, national, corpus, threshold)
            if link is not None and link.national not in seen:
                seen.add(link.national)
                links.append(link)
    return links


def _best(task: PlanItem, text: str, national: list[NationalTask], corpus: Corpus, threshold: float) -> Link | None:
    scored = sorted(((corpus.score(text, n.text), n) for n in national), key=lambda sn: (-sn[0], sn[1].iri))
    score, best = scored[0]
    for other_score, other in scored[1:]:
        if score - other_score > _TIE:
            break
        if other.notation == task.notation and best.notation != task.notation:
            score, best = other_score, other
            break
    if score < _SHOW_FLOOR:
        return None
    return Link(task.path, best.iri, best.notation, round(score, 2), corpus.shared(text, best.text),
                score >= threshold)


def _task_text(task: PlanItem) -> str:
    parts = [task.text]
    if task.fields and task.fields.product_text:
        parts.append(task.fields.product_text)
    return "\n".join(parts)
