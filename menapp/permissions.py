"""Provides the catalog's permission policies (§10)."""

from rest_framework import permissions


class IsAdminOrReadOnly(permissions.BasePermission):
    """Read for anyone; write for staff only."""

    def has_permission(self, request, view):
        # Read permissions are allowed to any request, so we'll always allow GET, HEAD or OPTIONS requests.
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff)


class IsOwnerOrReadOnly(permissions.BasePermission):
    """Read for anyone; changing a record for its owner or staff."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user.is_staff or obj.user_id == request.user.id)
