"""E-Planning pages, one module per part: rounds and their compliance, plans and their review, the
nomenclature and mandates, exports. Each module declares its own ``urlpatterns``."""

from . import exports, nomenclature, plans, rounds

urlpatterns = [*rounds.urlpatterns, *plans.urlpatterns, *nomenclature.urlpatterns, *exports.urlpatterns]
