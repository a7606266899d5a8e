"""What the graph in data/ already knows and an ingested plan should reuse rather than mint again.

Agencies (so a city's curated agencies keep their IRIs), instruments by number, draft instruments,
QĐ 367's national tasks (for linking), places and source documents. The file being written is left
out, so re-running an ingest never feeds on its own earlier output.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from aikg.config import DEFAULT_BASE
from aikg.graphio import load_files, turtle_files
from aikg.ingest.agencies import Entry
from aikg.ingest.issuer import Place
from aikg.ingest.text import match_key
from aikg.namespaces import AIKG


@dataclass(frozen=True)
class NationalTask:
    iri: str
    notation: str
    text: str


class Knowledge:
    """A read-only view of data/ for the ingester."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    @classmethod
    def load(cls, data_dir: Path, exclude: list[Path] | None = None) -> Knowledge:
        excluded = {p.resolve() for p in exclude or []}
        files = [p for p in turtle_files(data_dir) if p.resolve() not in excluded] if data_dir.is_dir() else []
        return cls(load_files(files))

    @classmethod
    def empty(cls) -> Knowledge:
        return cls(Graph())

    def has(self, iri: str) -> bool:
        return (URIRef(iri), None, None) in self.graph

    def label(self, iri: str, lang: str = "vi") -> str | None:
        for label in self.graph.objects(URIRef(iri), RDFS.label):
            if isinstance(label, Literal) and label.language == lang:
                return str(label)
        return None

    def agencies(self, place_iri: str) -> list[Entry]:
        """Agencies of a place (and national ones) as gazetteer entries carrying their IRIs."""
        national = URIRef(DEFAULT_BASE + "place/vn")
        entries = []
        for agency in sorted(set(self.graph.subjects(RDF.type, AIKG.Agency))
                             | set(self.graph.subjects(RDF.type, AIKG.AgencyCollective))):
            where = set(self.graph.objects(agency, AIKG.jurisdiction))
            is_national = national in where or str(agency).startswith(DEFAULT_BASE + "agency/vn/")
            if URIRef(place_iri) not in where and not is_national:
                continue
            aliases = [str(x) for p in (RDFS.label, SKOS.altLabel, SKOS.prefLabel)
                       for x in self.graph.objects(agency, p) if isinstance(x, Literal) and x.language in ("vi", None)]
            if not aliases:
                continue
            kind = self.graph.value(agency, AIKG.agencyKind)
            entries.append(Entry(
                key=str(agency).rstrip("/").rsplit("/", 1)[-1],
                label_vi=self.label(str(agency)) or aliases[0],
                label_en=self.label(str(agency), "en") or aliases[0],
                aliases=tuple(sorted(set(aliases))),
                kind=str(kind).rsplit("/", 1)[-1] if kind is not None else None,
                collective=(agency, RDF.type, AIKG.AgencyCollective) in self.graph,
                national=is_national,
                iri=str(agency),
            ))
        return entries

    def places(self) -> list[Place]:
        """Provinces and centrally-run cities of data/ (aikg:City with a skos:altLabel name and a
        dcterms:type kind), as the issuer reader matches them."""
        out = []
        for place in self.graph.subjects(RDF.type, AIKG.City):
            kind = self.graph.value(place, DCTERMS.type)
            names = [str(n) for n in self.graph.objects(place, SKOS.altLabel)]
            if kind is None or not names:
                continue
            word = "tỉnh" if str(kind).endswith("/tinh") else "thành phố"
            out.append(Place(str(place).rsplit("/", 1)[-1], names[0], word))
        return sorted(out, key=lambda p: p.slug)

    def instrument_by_number(self, number: str) -> str | None:
        key = match_key(number).replace(" ", "")
        for subject, value in self.graph.subject_objects(AIKG.number):
            if match_key(str(value)).replace(" ", "") == key:
                return str(subject)
        return None

    def drafts(self) -> list[tuple[str, str]]:
        """(IRI, Vietnamese title or label) of every draft instrument."""
        out = []
        for draft in self.graph.subjects(RDF.type, AIKG.DraftInstrument):
            titles = [str(t) for p in (AIKG.title, RDFS.label) for t in self.graph.objects(draft, p)
                      if isinstance(t, Literal) and t.language == "vi"]
            if titles:
                out.append((str(draft), titles[0]))
        return sorted(out)

    def national_tasks(self) -> list[NationalTask]:
        """QĐ 367's tasks (aikg:NationalTask) with their wording, for linking local tasks to them."""
        out = []
        for task in set(self.graph.subjects(RDF.type, AIKG.NationalTask)):
            parts = [str(t) for p in (RDFS.label, AIKG.text, AIKG.productText)
                     for t in self.graph.objects(task, p) if isinstance(t, Literal) and t.language in ("vi", None)]
            if not parts:
                continue
            notation = self.graph.value(task, AIKG.notation)
            out.append(NationalTask(str(task), str(notation) if notation else str(task).rsplit("/", 1)[-1],
                                    "\n".join(dict.fromkeys(parts))))
        return sorted(out, key=lambda t: t.iri)
