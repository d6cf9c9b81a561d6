"""Derived figures of a plan: progress roll-up (`rollup`), the light and overdue rules (`lights`), and
keeping them stored on tasks and assignments with their history (`recompute`).

They write only Task, Assignment and LightChange columns, so they live with the plans; the dashboard and
supervision read them."""
