"""Tags and human summaries for views whose code lives elsewhere (drf-spectacular view extensions).

`documented()` builds an `OpenApiViewExtension` that re-annotates a view class with one tag and a
summary per action, without editing the view: the apps' `schema` modules (menapp.schema,
accounts.schema) use it for their own views and for djoser's and SimpleJWT's.
"""

from collections.abc import Mapping
from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.utils import extend_schema, extend_schema_view

# A summary per action, or for an action serving several methods (djoser's `me`), one per method.
Summaries = Mapping[str, str | Mapping[str, str]]


def documented(target: str, tag: str, summaries: Summaries, **extra) -> type[OpenApiViewExtension]:
    """An extension giving the view `target` (a dotted path) the tag `tag` and these summaries.

    Actions the view does not have are skipped, so a route removed elsewhere (say, djoser's
    activation when it is off) does not make the schema warn. `extra` goes to every action's
    `extend_schema` (e.g. `responses`).
    """

    def view_replacement(self):
        view = type(self.target.__name__, (self.target,), {"__module__": self.target.__module__})
        annotations: dict[str, Any] = {}
        for action, summary in summaries.items():
            if not hasattr(view, action):
                continue
            if isinstance(summary, Mapping):
                annotations[action] = [
                    extend_schema(methods=[method], summary=text, tags=[tag], **extra)
                    for method, text in summary.items()
                ]
            else:
                annotations[action] = extend_schema(summary=summary, tags=[tag], **extra)
        return extend_schema_view(**annotations)(view)

    name = target.rsplit(".", 1)[-1] + "Documented"
    return type(name, (OpenApiViewExtension,), {"target_class": target, "view_replacement": view_replacement})
