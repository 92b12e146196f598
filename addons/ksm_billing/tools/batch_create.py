"""Create many records of one model at once (Odoo 11 creates them one by one).

Odoo 11's ``create`` inserts one row, then looks up, per record, what depends on it (for
an invoice line: its invoice, once per dependency) and recomputes: the twenty lines of
an invoice cost some 400 queries. Odoo 12 learnt to create in batches; this does it for
the simple case, with the ORM's own pieces:

* each record's defaults and stored computed fields are computed in memory (``new``),
  as ``create`` would compute them;
* one INSERT writes all rows (their ids drawn first, so they come back in order), one
  more per many2many field;
* then the ORM is told once for all records what was written: dependent records are
  found with one search per dependency instead of one per record and recomputed; the
  records' own computed fields keep the values they were inserted with (but related
  fields read as superuser, which the ORM computes on the created records); constraints
  and record rules are checked on all of them.

Only models without an override of ``create`` qualify, as their overrides would be
skipped, unless the caller has checked that an override leaves its values as they are
(``checked_creates``); so do values that are plain columns or many2many ``(6, 0, ids)``
(or ``(4, id)``; empty x2many values, which ``create`` ignores, are left out). Anything
else is created with ``create`` one by one, which gives the same records, slower.
"""
from collections import OrderedDict

from odoo.models import LOG_ACCESS_COLUMNS, BaseModel


def create_overrides(model):
    """The classes of ``model`` that override ``create``, as "module.Class" names."""
    return {"%s.%s" % (cls.__module__, cls.__name__) for cls in type(model).__mro__
            if cls is not BaseModel and issubclass(cls, BaseModel)
            and ("create" in vars(cls) or "_create" in vars(cls))}


def linked_ids(commands):
    """The ids a new record's many2many ``commands`` link it to; None for commands other
    than ``(4, id)`` and ``(6, 0, ids)``."""
    ids = []
    for command in commands:
        if command[0] == 4:
            ids.append(command[1])
        elif command[0] == 6:
            ids = list(command[2])
        else:
            return None
    return list(OrderedDict.fromkeys(ids))


def _normalised(model, vals):
    """``vals`` without empty x2many values (``create`` ignores them) and with the
    links of a many2many as one ``(6, 0, ids)``."""
    result = {}
    for name, value in vals.items():
        field = model._fields.get(name)
        if field and field.type in ("one2many", "many2many") and not value:
            continue
        if field and field.type == "many2many" and isinstance(value, list):
            ids = linked_ids(value)
            if ids is not None:
                value = [(6, 0, ids)]
        result[name] = value
    return result


def _batchable(model, vals_list, checked_creates):
    if (model._inherits or model._parent_store
            or create_overrides(model) - set(checked_creates)):
        return False
    translated = model.env.lang and model.env.lang != "en_US"
    for vals in vals_list:
        for name, value in vals.items():
            field = model._fields.get(name)
            if (not field or not field.store or field.inverse
                    or (translated and field.translate)):
                return False
            if field.type == "many2many" and not (
                    isinstance(value, list) and len(value) == 1 and value[0][0] == 6):
                return False
            if field.type == "one2many":
                return False
    return True


def _depends_on_created(model, path):
    """Whether ``path`` (a dependency of a field of ``model``) reads the records of
    ``model`` through another record or a field of it computed from them, e.g. a
    journal item's ``move_id.line_ids`` (its siblings) or ``move_id.matched_percentage``
    (computed from the entry's items)."""
    names = path.split(".")
    field = model._fields.get(names[0])
    if len(names) < 2 or not field or field.type != "many2one":
        return False
    comodel = model.env[field.comodel_name]
    target = comodel._fields.get(names[1])
    inverses = {name for name, other in comodel._fields.items()
                if other.type == "one2many" and other.comodel_name == model._name
                and other.inverse_name == field.name}
    return names[1] in inverses or bool(target and target.compute and any(
        dependency.split(".")[0] in inverses for dependency in target.depends))


def _left_to_recomputation(model, computed, vals_list):
    """The stored computed fields not given that the ORM recomputes on the created
    records instead of their values computed in memory being inserted.

    Odoo 11 leaves a related field of a new record empty when it reads its path as
    superuser (related_sudo, e.g. the currency of a tax line); fields computed from
    the other created records (a tax item's base from its siblings) or from another
    record's field that the ORM computes from them (a journal item's cash basis from
    its entry's matched percentage) are only right after it did; and so are the
    fields computed from any of these.
    """
    given = {name for vals in vals_list for name in vals}
    left = [field for field in computed if field.name not in given and (
        (field.related and field.related_sudo)
        or any(_depends_on_created(model, path) for path in field.depends))]
    while True:
        names = {field.name for field in left}
        dependent = [field for field in computed
                     if field not in left and field.name not in given
                     and any(path.split(".")[0] in names for path in field.depends)]
        if not dependent:
            return left
        left += dependent


def create_batch(model, vals_list, checked_creates=()):
    """Create one record of ``model`` per dict of ``vals_list``; returns them in order.

    :param checked_creates: overrides of ``create`` ("module.Class", see
        ``create_overrides``) that the caller knows to change nothing for these values
    """
    vals_list = [_normalised(model, vals) for vals in vals_list]
    if not _batchable(model, vals_list, checked_creates):
        records = model.browse()
        for vals in vals_list:
            records |= model.create(vals)
        return records
    if not vals_list:
        return model.browse()
    model.check_access_rights("create")
    fields = model._fields
    columns = [name for name, field in fields.items()
               if field.store and field.column_type and name != "id"
               and name not in LOG_ACCESS_COLUMNS]
    computed = [field for field in fields.values() if field.store and field.compute]
    recomputed = _left_to_recomputation(model, computed, vals_list)
    rows, relations, written = [], [], set()
    for vals in vals_list:
        vals = model._add_missing_default_values(vals)
        written.update(vals)
        record = model.new(vals)
        values = dict(vals)
        for name in columns:
            field = fields[name]
            if field in recomputed:
                values[name] = None
            elif name not in vals and field.compute:
                values[name] = field.convert_to_write(record[name], record)
            elif name not in vals and field.type == "boolean":
                values[name] = False  # as create does, to make search more powerful
        rows.append([fields[name].convert_to_column(values[name], model, values)
                     if values.get(name) is not None else None for name in columns])
        relations.append({name: value[0][2] for name, value in vals.items()
                          if fields[name].type == "many2many"})
    cr = model.env.cr
    cr.execute("SELECT nextval(%s) FROM generate_series(1, %s)",
               ["%s_id_seq" % model._table, len(rows)])
    ids = [row[0] for row in cr.fetchall()]
    placeholders = "(%s)" % ", ".join(["%s"] * (len(columns) + 1)
                                      + ["%s", "%s", "(now() at time zone 'UTC')",
                                         "(now() at time zone 'UTC')"])
    cr.execute("INSERT INTO \"%s\" (id, %s, create_uid, write_uid, create_date, "
               "write_date) VALUES %s" % (
                   model._table, ", ".join('"%s"' % name for name in columns),
                   ", ".join([placeholders] * len(rows))),
               [value for record_id, row in zip(ids, rows)
                for value in [record_id] + row + [model.env.uid, model.env.uid]])
    for name in {name for relation in relations for name in relation}:
        field = fields[name]
        pairs = [(record_id, target) for record_id, relation in zip(ids, relations)
                 for target in relation.get(name, ())]
        if pairs:
            cr.execute("INSERT INTO \"%s\" (\"%s\", \"%s\") VALUES %s" % (
                field.relation, field.column1, field.column2,
                ", ".join(["(%s, %s)"] * len(pairs))),
                [value for pair in pairs for value in pair])
    records = model.browse(ids)
    with model.env.protecting([field for field in computed if field not in recomputed],
                              records):
        records.modified(set(columns) | written)
        for field in recomputed:
            model.env.add_todo(field, records)
        records._validate_fields(written)
        model.recompute()
    records.check_access_rule("create")
    return records
