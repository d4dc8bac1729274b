"""OPD portal: Usulan Saya, the proposal form, the proposal page, attachment downloads."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..models import Agreement


@login_required
def home(request):
    agreements = Agreement.objects.for_user(request.user).with_list_relations()[:50]
    return render(request, "agreements/home.html", {"agreements": agreements})
