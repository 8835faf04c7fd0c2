"""Publishing: the atomic publish (publish), the offline copy (offline) and the engine a child
build runs (runner). The public API, for the features that start builds themselves."""

from showcase.publishing.runner import runner_command

__all__ = ["runner_command"]
