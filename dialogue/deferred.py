"""Fields of the core's frozen dataclasses whose value may arrive deferred: made at its first read.

The Lambda's compiled locale (locale_files) holds the parts of the locale a launch never reads
(the worry model, the intents' samples, the danger rules) as bytes already in memory, and gives
each such field a `Deferred` that makes the value from them; reading the field makes it once and
keeps it. Making it is pure (no I/O). Anything else sees no difference: the field reads as its
value, in comparisons, `repr`, `dataclasses.replace`, and pickling too.

    @dataclass(frozen=True)
    class Locale:
        worry: DeferredField[WorryModel | None] = DeferredField(None)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")

_NO_DEFAULT: Any = object()


class Deferred(Generic[T]):
    """A value not made yet: `make()` makes it (without side effects)."""

    __slots__ = ("make",)

    def __init__(self, make: Callable[[], T]) -> None:
        self.make = make

    def __reduce__(self) -> tuple[Callable[[T], T], tuple[T]]:
        # Pickled as the value itself (a pickled locale does not depend on bytes held here).
        return _made, (self.make(),)


def _made(value: T) -> T:
    return value


class DeferredField(Generic[T]):
    """A dataclass field (the descriptor is its default) that takes its value or a `Deferred`
    of it; read, it is the value. The value is kept in the instance's `__dict__` under the
    field's name, as any field's (so pickling and `vars` see what they always did)."""

    def __init__(self, default: T = _NO_DEFAULT) -> None:
        self.default = default
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: object | None, owner: type | None = None) -> T:
        if instance is None:
            # The class's attribute: the field's default, as `dataclasses` asks for it.
            if self.default is _NO_DEFAULT:
                raise AttributeError(self.name)
            return self.default
        try:
            value = instance.__dict__[self.name]
        except KeyError:
            raise AttributeError(self.name) from None
        if type(value) is Deferred:
            value = value.make()
            instance.__dict__[self.name] = value
        return value  # type: ignore[no-any-return]

    def __set__(self, instance: object, value: T | Deferred[T]) -> None:
        instance.__dict__[self.name] = value
