from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def delt_cache(app_configs, **kwargs):
    """Login throttling counts in the cache; per-process memory lets each worker count alone."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "CACHE_URL is not set: each web process keeps its own cache, so login throttling "
                "is counted per process.",
                hint="Set CACHE_URL=redis://<host>:6379/1 (docker-compose does).",
                id="alver.W001",
            )
        ]
    return []
