from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(request: HttpRequest, template: str, form, **context) -> HttpResponse:
    """A page with a form; a submitted form that comes back has errors: 400."""
    return render(
        request,
        template,
        {"form": form, **context},
        status=400 if form.is_bound else 200,
    )
