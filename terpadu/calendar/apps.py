from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "terpadu.calendar"
    label = "work_calendar"
    verbose_name = "Kalender kerja"
