from .views import urlpatterns as view_patterns

app_name = "deadlines"
urlpatterns = view_patterns
