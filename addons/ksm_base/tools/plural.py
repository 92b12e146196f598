def counted(count, one, many):
    """``one`` or ``many`` (both translated, each with its ``%d``) for ``count``.

    Odoo 11's translations have no plural forms: a message that counts names both forms,
    e.g. ``counted(n, _("%d call awaits your approval"), _("%d calls await your approval"))``.
    """
    return (one if count == 1 else many) % count
