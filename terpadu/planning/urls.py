from .views import urlpatterns as view_patterns

app_name = "planning"
urlpatterns = view_patterns
