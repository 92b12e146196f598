from . import state_guard_mixin
