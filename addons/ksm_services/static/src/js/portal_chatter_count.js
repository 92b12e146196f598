odoo.define('ksm_services.portal_chatter_count', function (require) {
'use strict';

/**
 * The portal's count of a record's messages in German (templates in
 * ksm_services/static/src/xml/portal_chatter.xml).
 */
var ajax = require('web.ajax');
var core = require('web.core');
var PortalChatter = require('portal.chatter').PortalChatter;

PortalChatter.include({
    _loadTemplates: function () {
        return this._super.apply(this, arguments).then(function () {
            return ajax.loadXML('/ksm_services/static/src/xml/portal_chatter.xml', core.qweb);
        });
    },
});

});
