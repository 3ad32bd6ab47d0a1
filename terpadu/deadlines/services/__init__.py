"""Writes of the deadlines module: requests, responses, reminders and escalation."""

from .jobs import escalate_overdue, escalation_create, reminders_send_due
from .obligations import obligation_close, obligation_create, obligation_publish, obligation_update
from .reports import escalation_render_pdf
from .responses import response_accept, response_return, response_save_draft, response_submit

__all__ = [
    "escalate_overdue",
    "escalation_create",
    "escalation_render_pdf",
    "obligation_close",
    "obligation_create",
    "obligation_publish",
    "obligation_update",
    "reminders_send_due",
    "response_accept",
    "response_return",
    "response_save_draft",
    "response_submit",
]
