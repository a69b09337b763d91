"""Wire governance into every ``GovernmentPage`` subclass.

``GovernmentPage`` (cms_pages, owned by the foundation) does not know about
governance. ``install()`` — called from ``GovernanceConfig.ready()`` — gives the
abstract base three members, which every concrete subclass inherits, including
page types added later by other apps:

* ``permissions_for_user`` → ``GovernedPagePermissionTester`` (no publishing,
  unpublishing or deleting around the workflow);
* ``get_workflow`` / ``has_workflow`` → the workflow from the placeful
  ``WorkflowPolicy`` (falling back to Wagtail's own per-page assignment).

If ``GovernmentPage`` (or a subclass) defines one of these itself, that
definition is left alone and ``system_checks.py`` reports it, because it would bypass
the governance rules.
"""


def governed_permissions_for_user(self, user):
    from governance.permissions import GovernedPagePermissionTester

    return GovernedPagePermissionTester(user, self)


def governed_get_workflow(self):
    from governance.services.policies import resolve_workflow

    return resolve_workflow(self)


def _governed_has_workflow(self):
    return self.get_workflow() is not None


governed_has_workflow = property(_governed_has_workflow)

MEMBERS = {
    "permissions_for_user": governed_permissions_for_user,
    "get_workflow": governed_get_workflow,
    "has_workflow": governed_has_workflow,
}


def install():
    from cms_pages.models import GovernmentPage

    for name, member in MEMBERS.items():
        if name not in GovernmentPage.__dict__:
            setattr(GovernmentPage, name, member)


def overridden_members(model):
    """Names of governance members that ``model`` overrides (empty = governed correctly)."""
    return [name for name, member in MEMBERS.items() if getattr(model, name, None) is not member]
