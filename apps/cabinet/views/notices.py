"""Notices of new documents: the client's choice, and the one-click unsubscribe from an e-mail."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.notices import selectors, services
from apps.notices.forms import NoticeSubscriptionForm

SAVED = _("Настройки уведомлений сохранены.")


def _initial(client, subscription) -> dict:
    if subscription is None:
        return {"closing": False, "certificates": False, "email": client.email}
    return {"closing": subscription.closing, "certificates": subscription.certificates, "email": subscription.address}


@client_required(can=Can.NOTICES)
@require_http_methods(["GET", "POST"])
def notice_settings(request, *, client):
    subscription = selectors.notice_subscription_for_client(client=client)
    if request.method == "POST":
        form = NoticeSubscriptionForm(request.POST)
        if form.is_valid():
            services.notice_subscription_save(client=client, **form.cleaned_data)
            messages.success(request, SAVED)
            return redirect("cabinet:notices")
    else:
        form = NoticeSubscriptionForm(initial=_initial(client, subscription))
    context = {"client": client, "form": form, "not_supported": selectors.notices_not_supported()}
    return render(request, "cabinet/notices.html", context)


# The mail program's one-click POST (RFC 8058) carries no session and no CSRF token: the signed
# token in the address is what authorises it, and all it can do is switch notices off.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notices_unsubscribe(request, token: str):
    subscription = selectors.notice_subscription_by_token(token=token)
    if subscription is None:
        raise Http404
    done = request.method == "POST"
    if done:
        services.notice_subscription_unsubscribe(subscription=subscription)
    # Opened from an e-mail, the page speaks the e-mail's language unless the visitor chose one.
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in dict(settings.LANGUAGES):
        language = subscription.client.language
    with translation.override(language):
        context = {"subscription": subscription, "done": done}
        response = render(request, "cabinet/notices_unsubscribe.html", context)
    return response
