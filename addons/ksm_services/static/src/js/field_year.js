odoo.define('ksm_services.FieldYear', function (require) {
"use strict";

var basicFields = require('web.basic_fields');
var fieldRegistry = require('web.field_registry');

/**
 * A year kept as an integer, shown as people write it: 2022, not 2.022.
 */
var FieldYear = basicFields.FieldInteger.extend({
    _formatValue: function (value) {
        return value || value === 0 ? String(value) : '';
    },
});

fieldRegistry.add('ksm_year', FieldYear);

return FieldYear;
});
