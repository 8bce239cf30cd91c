from django.shortcuts import render

from apps.cabinet.decorators import client_required
from apps.cabinet.tiles import tiles


@client_required
def home(request, *, client):
    return render(request, "cabinet/home.html", {"client": client, "tiles": tiles()})
