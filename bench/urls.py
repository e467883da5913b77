"""The product's URLs and the bench floor: a signed-in page that renders the base template."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    # The cost every page pays: the middleware chain, the session, the user, the navigation
    # and the base layout. A scenario's p50 over this one's is its own work.
    return render(request, "base.html")


urlpatterns = [path("__bench__/floor/", floor), path("", include("careermap.urls"))]
