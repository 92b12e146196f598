odoo.define("base_background_job.statusbar_refresh", function (require) {
    "use strict";

    /**
     * The status bar of a record whose work runs in the background: while the status
     * is one of ``refresh_states`` (field option), the form reloads its record every
     * ``refresh_seconds`` (default 3), so that progress and failures show without the
     * user reloading the page. It reloads only a form in read mode (never over
     * unsaved changes).
     *
     *     <field name="state" widget="statusbar_refresh"
     *            options="{'refresh_states': ['queued', 'running']}"/>
     */
    var fieldRegistry = require("web.field_registry");
    var relationalFields = require("web.relational_fields");

    var StatusBarRefresh = relationalFields.FieldStatus.extend({
        _render: function () {
            this._super.apply(this, arguments);
            this._scheduleRefresh();
        },
        destroy: function () {
            clearTimeout(this._refreshTimer);
            this._super.apply(this, arguments);
        },
        _scheduleRefresh: function () {
            var self = this;
            var states = this.nodeOptions.refresh_states || [];
            var seconds = this.nodeOptions.refresh_seconds || 3;
            clearTimeout(this._refreshTimer);
            if (states.indexOf(this.value) === -1) {
                return;
            }
            this._refreshTimer = setTimeout(function () {
                if (self.isDestroyed()) {
                    return;
                }
                if (self.mode === "readonly") {
                    self.trigger_up("reload");
                } else {
                    self._scheduleRefresh();
                }
            }, seconds * 1000);
        },
    });

    fieldRegistry.add("statusbar_refresh", StatusBarRefresh);
    return StatusBarRefresh;
});
