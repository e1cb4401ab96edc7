"""What a question may be restricted to: a date range, source files, articles. Light on purpose:
the web app checks filters before the retrieval parts (llama-index) are loaded."""

from __future__ import annotations

from dataclasses import dataclass


class FilterError(ValueError):
    """Filters that cannot be applied (a date that is not one, a range that ends before it starts)."""


@dataclass(frozen=True)
class Filters:
    """Restrict retrieval. Dates are inclusive ISO `YYYY-MM-DD`; undated articles fail a date filter."""

    after: str | None = None
    before: str | None = None
    sources: tuple[str, ...] = ()  # source identities, e.g. "002_3a44468a49072afb.txt"
    article_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        import datetime as dt

        for label in ("after", "before"):
            value = getattr(self, label)
            if value is None:
                continue
            try:
                if not isinstance(value, str) or len(value) != 10:
                    raise ValueError
                dt.date.fromisoformat(value)
            except ValueError:
                raise FilterError(f"the {label!r} date must look like 2025-01-31, not {value!r}") from None
        if self.after and self.before and self.after > self.before:
            raise FilterError(f"the range is empty: 'after' {self.after} is later than 'before' {self.before}")
        if isinstance(self.sources, str) or isinstance(self.article_ids, str):
            raise FilterError("sources and article_ids must be lists of names, not one string")

    def describe(self) -> str:
        parts = []
        if self.after:
            parts.append(f"published on or after {self.after}")
        if self.before:
            parts.append(f"published on or before {self.before}")
        if self.sources:
            parts.append(f"from {', '.join(self.sources)}")
        return "; ".join(parts) or "none"

    @property
    def empty(self) -> bool:
        return not (self.after or self.before or self.sources or self.article_ids)

    def admits(self, meta: dict) -> bool:
        date = meta.get("date") or None
        if (self.after or self.before) and not date:
            return False
        if self.after and date < self.after:
            return False
        if self.before and date > self.before:
            return False
        if self.sources and meta.get("source") not in self.sources:
            return False
        return not self.article_ids or meta.get("article_id") in self.article_ids

    def to_metadata_filters(self):
        from llama_index.core.vector_stores import FilterOperator, MetadataFilter, MetadataFilters

        parts = []
        if self.after:
            parts.append(MetadataFilter(key="date_int", value=int(self.after.replace("-", "")), operator=FilterOperator.GTE))
        if self.before:
            parts.append(MetadataFilter(key="date_int", value=int(self.before.replace("-", "")), operator=FilterOperator.LTE))
        if self.sources:
            parts.append(MetadataFilter(key="source", value=list(self.sources), operator=FilterOperator.IN))
        if self.article_ids:
            parts.append(MetadataFilter(key="article_id", value=list(self.article_ids), operator=FilterOperator.IN))
        return MetadataFilters(filters=parts) if parts else None
