"""Which columns the search box reads get a trigram index on PostgreSQL (see migrations/0001): every
field of `queries.FIELDS` that lives on the searched table itself, so that each OR branch of a search
can be answered from an index."""

from __future__ import annotations

# (index name, table, column)
TRIGRAM_INDEXES = (
    ("search_task_code_trgm", "plans_task", "code"),
    ("search_task_title_trgm", "plans_task", "title"),
    ("search_task_description_trgm", "plans_task", "description"),
    ("search_task_deadline_text_trgm", "plans_task", "deadline_text"),
    ("search_plan_title_trgm", "plans_plan", "title"),
    ("search_report_narrative_trgm", "reports_report", "narrative"),
    ("search_report_return_reason_trgm", "reports_report", "return_reason"),
    ("search_report_period_trgm", "reports_report", "period"),
    ("search_unit_name_trgm", "org_unit", "name"),
    ("search_unit_short_name_trgm", "org_unit", "short_name"),
    ("search_unit_aliases_trgm", "org_unit", "aliases"),
)
