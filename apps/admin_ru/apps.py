from django.apps import AppConfig


class AdminRuConfig(AppConfig):
    """Russian for django-unfold's own English strings that have no Russian upstream.

    A catalogue apart from locale/: those msgids are English, while the portal's catalogues
    take Russian as the source (`make messages` copies each Russian msgid into its msgstr),
    and makemessages would drop strings it does not find in our code. Listed in
    INSTALLED_APPS before unfold, so these translations are the ones Django finds. The few
    Django strings a client reads whose Russian spells «е» for «ё» are put right here too.
    """

    name = "apps.admin_ru"
    verbose_name = "Admin translations"
