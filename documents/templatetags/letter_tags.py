"""The letters the workflow panel offers at the agreement's stage (templates/admin/agreements/agreement/change_form.html)."""

from django import template

from accounts import roles

register = template.Library()


@register.inclusion_tag("documents/_letters_offered.html")
def letters_offered(agreement, user):
    from documents.services import letters_offered as offered

    return {"agreement": agreement, "letters": offered(agreement) if roles.is_kerjasama(user) else []}
