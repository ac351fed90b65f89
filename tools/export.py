"""`nbdev_export`, with the `__all__` lines nbdev writes kept within the house style's 120 columns.

nbdev wraps the list of a module's exported names at 120 columns and then puts `__all__ = ` in front of its first line,
which makes that line up to 130 columns long. This runs nbdev_export with the list wrapped ten columns narrower;
everything else is nbdev_export as it is. `make export` runs it; `make test` checks that geovq/ is what it writes.
"""
import textwrap

import nbdev.maker
from nbdev.doclinks import nbdev_export

PREFIX = '__all__ = '


class NarrowerWrapper(textwrap.TextWrapper):
    "nbdev's wrapper of the `__all__` list, narrower by the prefix nbdev adds afterwards."

    def __init__(self, width: int = 120, **kwargs):
        super().__init__(width=width - len(PREFIX), **kwargs)


if __name__ == '__main__':
    nbdev.maker.TextWrapper = NarrowerWrapper
    nbdev_export()
