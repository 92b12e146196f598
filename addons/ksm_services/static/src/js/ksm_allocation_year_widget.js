odoo.define('ksm_services.year_widget', function (require) {
"use strict";

/**
 * A year kept in an integer field, shown as 2021 rather than with a thousands
 * separator (2.021 in German). Use it with widget="ksm_year".
 */
var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

var FieldYear = basicFields.FieldInteger.extend({
    _formatValue: function (value) {
        return value || value === 0 ? String(value) : '';
    },
});

fieldRegistry.add('ksm_year', FieldYear);

return FieldYear;
});
