"""E-Absen pages: the leaders' board and the monthly recap (included under /absensi/ by urls.py)."""

from django.urls import path

from . import views_board

urlpatterns = [
    path("papan/", views_board.board_page, name="board"),
    path("papan/<int:agency_id>/", views_board.board_agency_page, name="board_agency"),
    path("rekap/", views_board.recap_month, name="recap_month"),
    path("rekap/xlsx/", views_board.recap_xlsx, name="recap_xlsx"),
    path("rekap/pdf/", views_board.recap_pdf, name="recap_pdf"),
    path("rekap/tutup/", views_board.month_close_page, name="month_close"),
    path("rekap/penyesuaian/", views_board.adjustment_create, name="recap_adjust"),
]
