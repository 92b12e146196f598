from odoo import fields, models


class KsmTask(models.Model):
    """A task a Träger can transfer to KSM (Aufgabenübertragung): IT operation,
    school IT, DMS/eAkte, ..."""

    _name = "ksm.task"
    _description = "Transferable task"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a task is unique."),
    ]
