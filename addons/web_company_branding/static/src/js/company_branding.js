odoo.define('web_company_branding.company_branding', function (require) {
"use strict";

/**
 * The back office speaks as the company: its name titles the window and the dialogs
 * that have no title of their own, and a business refusal (UserError, ValidationError,
 * access errors) opens titled by its kind. Odoo 11 titles those "Odoo Server Error":
 * the server sends that text as the message of every JSON-RPC error, and the crash
 * manager titles a warning with it when the error has no type.
 */
var AbstractWebClient = require('web.AbstractWebClient');
var CrashManager = require('web.CrashManager');
var Dialog = require('web.Dialog');
var core = require('web.core');
var session = require('web.session');

var _lt = core._lt;

var REFUSAL_TITLES = {
    user_error: _lt("Notice"),
    warning: _lt("Notice"),
    except_orm: _lt("Notice"),
    validation_error: _lt("Please check your input"),
    access_error: _lt("Access denied"),
    access_denied: _lt("Access denied"),
    missing_error: _lt("Record not found"),
};

AbstractWebClient.include({
    start: function () {
        var self = this;
        return this._super.apply(this, arguments).then(function () {
            if (session.company_name) {
                self.set_title_part("zopenerp", session.company_name);
            }
        });
    },
});

Dialog.include({
    init: function (parent, options) {
        options = _.defaults(options || {}, {title: session.company_name});
        this._super(parent, options);
    },
});

CrashManager.include({
    rpc_error: function (error) {
        var title = error.data && REFUSAL_TITLES[error.data.exception_type];
        if (title && !error.type) {
            error = _.extend({}, error, {type: String(title)});
        }
        return this._super(error);
    },
    show_warning: function (error) {
        if (error.data && REFUSAL_TITLES[error.data.exception_type]) {
            // the kind is the title already: no " - Warning" beside it
            error = _.extend({}, error, {data: _.extend({}, error.data, {title: ''})});
        }
        return this._super(error);
    },
});

});
