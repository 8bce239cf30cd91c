"""The journal's actions as staff read them; apart from audit.py so the model can use them too."""

from django.utils.translation import gettext_lazy as _

# What staff read in the journal instead of the dotted key the code records. A key missing here
# (a new action) is shown as it is rather than hidden.
ACTION_LABELS = {
    "documents.request.created": _("Запрос документов создан"),
    "documents.request.attempt": _("Запрос документов: попытка получить документы из 1С"),
    "documents.request.crashed": _("Запрос документов: попытка прервалась с ошибкой"),
    "documents.request.retrying": _("Запрос документов: 1С недоступна, повторим позже"),
    "documents.request.sent": _("Архив документов отправлен"),
    "documents.request.empty": _("Запрос документов: документов за период нет"),
    "documents.request.not_found": _("Запрос документов: организация не найдена в 1С"),
    "documents.request.invalid_period": _("Запрос документов: 1С отклонила период"),
    "documents.request.unavailable": _("Запрос документов: 1С так и не ответила"),
    "documents.request.failed": _("Запрос документов: ошибка"),
    "documents.request.owner_notified": _("Владельцу сообщено о запросе документов"),
    "documents.request.unavailable_notified": _("Клиенту и сотрудникам сообщено, что 1С так и не ответила"),
    "documents.request.retried": _("Запрос документов запущен повторно сотрудником"),
    "reconciliation.act.ordered": _("Акт сверки заказан"),
    "reconciliation.act.in_review": _("Акт сверки получен из 1С и ждёт проверки"),
    "reconciliation.act.retrying": _("Акт сверки: 1С недоступна, повторим позже"),
    "reconciliation.act.not_found": _("Акт сверки: организация не найдена в 1С"),
    "reconciliation.act.invalid_period": _("Акт сверки: 1С отклонила период"),
    "reconciliation.act.unavailable": _("Акт сверки: 1С так и не ответила"),
    "reconciliation.act.failed": _("Акт сверки: ошибка"),
    "reconciliation.act.file_replaced": _("Файл акта сверки заменён сотрудником"),
    "reconciliation.act.approved": _("Акт сверки проверен и отправлен клиенту"),
    "reconciliation.act.rejected": _("Акт сверки отклонён"),
    "reconciliation.act.confirmed": _("Клиент подтвердил акт сверки"),
    "reconciliation.act.disputed": _("Клиент сообщил о расхождениях в акте сверки"),
    "reconciliation.act.signed_copy_received": _("Клиент прислал подписанный экземпляр акта сверки"),
    "reconciliation.act.dispute_resolved": _("Сотрудник ответил клиенту на расхождения в акте сверки"),
    "clients.client.two_factor_required": _("Администратор организации потребовал двухфакторный вход"),
    "clients.client.two_factor_optional": _("Администратор организации отменил требование двухфакторного входа"),
    "clients.client.language_changed": _("Язык писем организации изменён"),
    "clients.invitation.revoked": _("Приглашение отозвано"),
    "questions.question.asked": _("Клиент задал вопрос"),
    "questions.question.answered": _("Ответ на вопрос отправлен клиенту"),
    "claims.claim.filed": _("Клиент подал претензию"),
    "claims.claim.taken": _("Претензия взята в работу"),
    "claims.claim.decided": _("По претензии принято решение, клиенту отправлен ответ"),
    "payments.payer_account.changed": _("Клиент изменил расчётный счёт, с которого платит"),
}

# The same actions on the client's own «Сотрудники» («Кто что запросил»), in its words: what was
# asked for, not what the system recorded. An action missing here falls back to the staff label.
CLIENT_ACTION_LABELS = {
    "documents.request.created": _("Архив документов"),
    "reconciliation.act.ordered": _("Заказ акта сверки"),
    "reconciliation.act.confirmed": _("Подтверждение акта сверки"),
    "reconciliation.act.disputed": _("Расхождения в акте сверки"),
    "reconciliation.act.signed_copy_received": _("Подписанный экземпляр акта сверки"),
    "questions.question.asked": _("Вопрос"),
    "claims.claim.filed": _("Претензия"),
}


def client_action_label(action: str) -> str:
    """The action as the client's administrator reads it («Заказ акта сверки»)."""
    label = CLIENT_ACTION_LABELS.get(action)
    return str(label) if label is not None else audit_action_label(action)


def audit_action_label(action: str) -> str:
    """The action as staff read it («Акт сверки заказан»); an unknown key as it is."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
