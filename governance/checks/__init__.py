"""Pre-publication content checks (plain Python, no Django imports).

* ``findings`` — the ``Finding`` result type shared by all checks.
* ``pii`` — personal data: resident ID numbers, mobile numbers, bank cards; masking.
* ``wording`` — banned / outdated expressions and serious errors.
"""

from .findings import Finding

__all__ = ["Finding"]
