odoo.define('ksm_services.portal_chatter_date', function (require) {
'use strict';

/**
 * The portal's messages show their date in the reader's language (21.11.2026 11:51:09),
 * not in Odoo 11's fixed English format ("November 21st 2026, 11:51:09 am"), and in the
 * reader's time zone as the server formats it (ksm_date_local), not the browser's.
 */
var core = require('web.core');
var time = require('web.time');
var PortalChatter = require('portal.chatter').PortalChatter;

var _t = core._t;

PortalChatter.include({
    preprocessMessages: function (messages) {
        messages = this._super.apply(this, arguments);
        var parameters = _t.database.parameters;
        _.each(messages, function (message) {
            var date = message.ksm_date_local;
            if (!date && parameters && parameters.date_format) {
                date = moment(time.str_to_datetime(message.date)).format(
                    time.getLangDatetimeFormat());
            }
            if (date) {
                message.published_date_str = _.str.sprintf(_t('Published on %s'), date);
            }
        });
        return messages;
    },
});

});
