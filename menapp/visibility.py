"""Who sees which records: the one table that both the querysets and the read cache follow.

Anonymous readers see published records; a user also sees their own drafts; staff see everything.
Each row names the reader's cache scope (readers in one scope see the same answers) and the records
it may see. MenQuerySet.visible_to filters with it and the read cache keys its answers by its scope,
so the two cannot disagree.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Audience:
    scope: str
    records: Q | None  # None: every record
    sees_drafts: bool


def audience(user) -> Audience:
    if user.is_staff:
        return Audience("staff", None, sees_drafts=True)
    if user.is_authenticated:
        return Audience(f"user:{user.pk}", Q(is_published=True) | Q(user=user), sees_drafts=True)
    return Audience("public", Q(is_published=True), sees_drafts=False)


def scope(user) -> str:
    return audience(user).scope
