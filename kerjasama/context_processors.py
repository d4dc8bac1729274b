from django.conf import settings


def pemda(request):
    """The home pemda's identity, for page headers and footers."""
    return {"PEMDA": settings.PEMDA}
