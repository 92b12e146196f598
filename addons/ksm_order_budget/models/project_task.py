from odoo import fields, models


class ProjectTask(models.Model):
    """A task financed by a call on an order budget."""

    _inherit = "project.task"

    ksm_order_call_ids = fields.One2many("ksm.order.call", "task_id",
                                         string="Calls on the order budget")
